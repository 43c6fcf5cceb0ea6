using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Reporting.Data;

/// <summary>The append-only store of every event heard: the read model is rebuilt from it.</summary>
public sealed class EventStore(Database database)
{
    public Task AppendAsync(UnitOfWork unitOfWork, Guid messageId, string eventType, DateTimeOffset occurredAt, string payload, DateTimeOffset storedAt,
        CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReportingSql.AppendEvent,
            new { MessageId = messageId, EventType = eventType, OccurredAt = occurredAt, Payload = payload, StoredAt = storedAt }, cancellationToken));

    /// <summary>Up to <paramref name="take"/> events after <paramref name="after"/>, in the order they were stored.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(long after, int take, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<StoredEvent>(new CommandDefinition(ReportingSql.ReadEvents, new { after, take }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The same, inside a transaction (a rebuild reads the store as of its own snapshot).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(UnitOfWork unitOfWork, long after, int take, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<StoredEvent>(unitOfWork.Command(ReportingSql.ReadEvents, new { after, take }, cancellationToken))).AsList();

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReportingSql.CountEvents, cancellationToken: cancellationToken));
    }
}
