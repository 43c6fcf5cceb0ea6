using System.Data.Common;
using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;
using Yisp.Reporting.Application;

namespace Yisp.Reporting.Data;

/// <summary>Where the read model is: its generation and the version of its latest change.</summary>
public sealed record ReadModelState(long Generation, long Version);

/// <summary>The read model's reads and writes. Writes replace whole rows, stamped with the version that wrote them.</summary>
public sealed class ReadModelStore(Database database)
{
    private const int KeysPerStatement = 1000; // under SQL Server's 2,100 parameters

    /// <summary>Takes the next version, and with it the read model's write lock until the transaction ends.</summary>
    public async Task<long> NextVersionAsync(UnitOfWork unitOfWork, CancellationToken cancellationToken)
    {
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReportingSql.NextVersion, cancellationToken: cancellationToken));
        return (await unitOfWork.Connection.QuerySingleAsync<ReadModelState>(unitOfWork.Command(ReportingSql.State, cancellationToken: cancellationToken))).Version;
    }

    /// <summary>Empties the read model for a rebuild and starts a new generation.</summary>
    public async Task ClearAsync(UnitOfWork unitOfWork, CancellationToken cancellationToken)
    {
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReportingSql.NextGeneration, cancellationToken: cancellationToken));
        foreach (var table in ReportingSql.Tables)
        {
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command($"DELETE FROM {table}", cancellationToken: cancellationToken));
        }
    }

    /// <summary>The stored rows with these keys, in a working set.</summary>
    public async Task<ReadModelWorkingSet> LoadAsync(UnitOfWork unitOfWork, ReadModelKeys keys, CancellationToken cancellationToken)
    {
        var rows = new ReadModelWorkingSet();
        Task<List<T>> Rows<T>(ReadModelTable<T> table, IReadOnlyCollection<Guid> ids) =>
            ByKeysAsync(unitOfWork.Connection, unitOfWork.Transaction, table, ids, cancellationToken);
        (await Rows(ReadModelTables.Referrals, keys.Referrals)).ForEach(r => rows.Referrals[r.ReferralId] = r);
        (await Rows(ReadModelTables.Cases, keys.Cases)).ForEach(c => rows.Cases[c.CaseId] = c);
        (await Rows(ReadModelTables.Interventions, keys.Interventions)).ForEach(i => rows.Interventions[i.InterventionId] = i);
        (await Rows(ReadModelTables.Assessments, keys.Assessments)).ForEach(a => rows.Assessments[a.AssessmentId] = a);
        foreach (var review in await Rows(ReadModelTables.Reviews, keys.ReviewCases))
        {
            (rows.Reviews.TryGetValue(review.CaseId, out var list) ? list : rows.Reviews[review.CaseId] = []).Add(review);
        }
        return rows;
    }

    /// <summary>Writes back every row of the working set (replacing the stored ones) under the version taken.</summary>
    public async Task SaveAsync(UnitOfWork unitOfWork, ReadModelWorkingSet rows, long version, CancellationToken cancellationToken)
    {
        await ReplaceAsync(unitOfWork, ReadModelTables.Referrals, rows.Referrals.Keys, rows.Referrals.Values, version, cancellationToken);
        await ReplaceAsync(unitOfWork, ReadModelTables.Cases, rows.Cases.Keys, rows.Cases.Values, version, cancellationToken);
        await ReplaceAsync(unitOfWork, ReadModelTables.Interventions, rows.Interventions.Keys, rows.Interventions.Values, version, cancellationToken);
        await ReplaceAsync(unitOfWork, ReadModelTables.Reviews, rows.Reviews.Keys, [.. rows.Reviews.Values.SelectMany(r => r)], version, cancellationToken);
        await MultiRowInsert.InsertAsync(unitOfWork.Connection, unitOfWork.Transaction, ReadModelTables.Assessments.Insert,
            [.. rows.NewAssessments.Select(a => (a, version))], cancellationToken);
    }

    public async Task<ReadModelState> StateAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.QuerySingleAsync<ReadModelState>(new CommandDefinition(ReportingSql.State, cancellationToken: cancellationToken));

    /// <summary>The rows of a table written after a version, or all of them.</summary>
    public async Task<List<T>> RowsAsync<T>(DbConnection connection, ReadModelTable<T> table, long? changedAfter, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<T>(new CommandDefinition(table.Select(changedAfter is null ? "1 = 1" : "changed_version > @changedAfter"),
            new { changedAfter }, cancellationToken: cancellationToken))).AsList();

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);

    private async Task ReplaceAsync<T>(UnitOfWork unitOfWork, ReadModelTable<T> table, IReadOnlyCollection<Guid> keys, IReadOnlyCollection<T> rows, long version,
        CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(KeysPerStatement))
        {
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command($"DELETE FROM {table.Name} WHERE {database.Dialect.InList(table.Key, "keys")}",
                new { keys = database.Dialect.IdList(chunk) }, cancellationToken));
        }
        await MultiRowInsert.InsertAsync(unitOfWork.Connection, unitOfWork.Transaction, table.Insert, [.. rows.Select(r => (r, version))], cancellationToken);
    }

    private async Task<List<T>> ByKeysAsync<T>(DbConnection connection, DbTransaction transaction, ReadModelTable<T> table, IReadOnlyCollection<Guid> keys,
        CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        foreach (var chunk in keys.Chunk(KeysPerStatement))
        {
            rows.AddRange(await connection.QueryAsync<T>(new CommandDefinition(table.Select(database.Dialect.InList(table.Key, "keys")),
                new { keys = database.Dialect.IdList(chunk) }, transaction, cancellationToken: cancellationToken)));
        }
        return rows;
    }
}
