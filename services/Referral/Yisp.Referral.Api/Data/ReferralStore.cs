using System.Data.Common;
using Dapper;
using Yisp.Data;
using Yisp.Messaging.Outbox;
using Yisp.Referral.Domain.Matching;

namespace Yisp.Referral.Data;

public sealed record ReferralQuery(string? Status, string? Agency, DateTimeOffset? From, DateTimeOffset? To, int Offset, int Limit);

public sealed class ReferralStore(Database database)
{
    public Task InsertAsync(UnitOfWork unitOfWork, ReferralRecord referral, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.Insert, referral, cancellationToken));

    /// <summary>Writes the record if nobody changed it since <paramref name="expectedVersion"/>; false when somebody did.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unitOfWork, ReferralRecord referral, int expectedVersion, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(referral);
        parameters.Add("ExpectedVersion", expectedVersion);
        return await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.Update, parameters, cancellationToken)) == 1;
    }

    public async Task<ReferralRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    public static Task<ReferralRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ReferralRecord>(new CommandDefinition(ReferralSql.FindById, new { id }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<ReferralRecord>> FindByCaseAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<ReferralRecord>(unitOfWork.Command(ReferralSql.FindByCase, new { caseId }, cancellationToken))).AsList();

    public async Task<IReadOnlySet<string>> ConcernedPartiesAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<string>(unitOfWork.Command(ReferralSql.ConcernedParties, new { caseId }, cancellationToken))).ToHashSet();

    public async Task<IReadOnlyList<ReferralSummary>> SearchAsync(ReferralQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ReferralSummary>(new CommandDefinition(ReferralSql.Search, new
        {
            status = query.Status,
            agency = query.Agency,
            from = query.From,
            to = query.To,
            offset = query.Offset,
            limit = query.Limit,
        }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<IReadOnlyList<MatchRow>> FindMatchesAsync(UnitOfWork unitOfWork, IReadOnlyList<MatchKey> keys, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<MatchRow>(unitOfWork.Command(ReferralSql.FindMatches(database.Dialect),
            new { hashes = keys.Select(k => k.Hash).ToArray() }, cancellationToken)))
        .Where(row => keys.Any(k => k.Type == row.KeyType && k.Hash == row.KeyHash))
        .AsList();

    public async Task OpenCaseAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<MatchKey> keys, DateTimeOffset openedAt, CancellationToken cancellationToken)
    {
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.InsertCase, new { id = caseId, openedAt }, cancellationToken));
        await AddMatchKeysAsync(unitOfWork, caseId, keys, cancellationToken);
    }

    /// <summary>Records identifiers of a case; a key another case already holds fails with a unique violation.</summary>
    public async Task AddMatchKeysAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<MatchKey> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.InsertMatchKey,
                new { key.Type, key.Hash, CaseId = caseId }, cancellationToken));
        }
    }
}
