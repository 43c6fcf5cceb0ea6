using Yisp.Data;
using Yisp.Messaging.Outbox;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Messaging.Transactions;

public sealed class UnitOfWorkFactory(
    Database database, MessageTypes messageTypes, IIdGenerator ids, TimeProvider time, OutboxSignal signal)
{
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(connection, transaction, database, messageTypes, ids, time, signal);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
