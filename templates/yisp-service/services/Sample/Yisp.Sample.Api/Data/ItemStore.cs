using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Sample.Data;

/// <summary>Every read and write of items: the only place the service's SQL runs.</summary>
public sealed class ItemStore(Database database)
{
    public Task InsertAsync(UnitOfWork unitOfWork, ItemRow item, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(SampleSql.Insert, item, cancellationToken));

    public async Task<ItemRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition(SampleSql.FindById, new { id }, cancellationToken: cancellationToken));
    }

    public Task<ItemRow?> FindAsync(UnitOfWork unitOfWork, Guid id, CancellationToken cancellationToken) =>
        unitOfWork.Connection.QuerySingleOrDefaultAsync<ItemRow>(unitOfWork.Command(SampleSql.FindById, new { id }, cancellationToken));

    /// <summary>Writes the item if it is still at the version it was read at, and moves it to the next version; false when somebody changed it.</summary>
    public Task<bool> UpdateAsync(UnitOfWork unitOfWork, ItemRow item, CancellationToken cancellationToken) =>
        unitOfWork.UpdateVersionedAsync(SampleSql.Update, item, cancellationToken);

    public Task CloseOpenForCaseAsync(UnitOfWork unitOfWork, Guid caseId, string reason, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(SampleSql.CloseOpenForCase, new { caseId, reason }, cancellationToken));
}
