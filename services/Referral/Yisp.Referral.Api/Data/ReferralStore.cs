using System.Data.Common;
using Dapper;
using Yisp.Data;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Domain.Matching;

namespace Yisp.Referral.Data;

public sealed record ReferralQuery(string? Status, string? Agency, DateTimeOffset? From, DateTimeOffset? To, int Offset, int Limit);

public sealed class ReferralStore(Database database)
{
    public Task InsertAsync(UnitOfWork unitOfWork, ReferralRecord referral, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.Insert, referral, cancellationToken));

    /// <summary>Writes the referral if it is still at the version it was read at, and moves it to the next version; false when somebody changed it.</summary>
    public Task<bool> UpdateAsync(UnitOfWork unitOfWork, ReferralRecord referral, CancellationToken cancellationToken) =>
        unitOfWork.UpdateVersionedAsync(ReferralSql.Update, referral, cancellationToken);

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

    public async Task<IReadOnlyList<Api.ReferralChange>> ChangesAsync(string agency, DateTimeOffset afterAt, Guid afterId, DateTimeOffset settled, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Api.ReferralChange>(new CommandDefinition(ReferralSql.ChangesByAgency,
            new { agency, afterAt, afterId, settled, limit }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<IReadOnlyList<Guid>> CasesOfKeyAsync(UnitOfWork unitOfWork, MatchKey key, CancellationToken cancellationToken) =>
        [.. await unitOfWork.Connection.QueryAsync<Guid>(unitOfWork.Command(ReferralSql.CasesOfKey, new { hash = key.Hash }, cancellationToken))];

    public async Task<IReadOnlyList<MatchRow>> FindMatchesAsync(UnitOfWork unitOfWork, IReadOnlyList<MatchKey> keys, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<MatchRow>(unitOfWork.Command(ReferralSql.FindMatches(database.Dialect),
            new { hashes = keys.Select(k => k.Hash).ToArray() }, cancellationToken)))
        .Where(row => keys.Any(k => k.Type == row.KeyType && k.Hash == row.KeyHash))
        .AsList();

    /// <summary>Opens a case; returns the child's previous (closed) case, found by NHS number or UPN, if there was one.</summary>
    public async Task<Guid?> OpenCaseAsync(UnitOfWork unitOfWork, Guid caseId, IReadOnlyList<MatchKey> keys, DateTimeOffset openedAt, CancellationToken cancellationToken)
    {
        var strong = keys.Where(k => MatchKeyType.IsStrong(k.Type)).Select(k => k.Hash).ToArray();
        var previousCaseId = strong.Length == 0 ? null : await unitOfWork.Connection.QuerySingleOrDefaultAsync<Guid?>(
            unitOfWork.Command(ReferralSql.FindPreviousEpisode(database.Dialect), new { hashes = strong }, cancellationToken));
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.InsertCase, new { id = caseId, openedAt, previousCaseId }, cancellationToken));
        await AddMatchKeysAsync(unitOfWork, caseId, keys, cancellationToken);
        return previousCaseId;
    }

    /// <summary>Closes a case and releases its keys; false when it was already closed.</summary>
    public async Task<bool> CloseCaseAsync(UnitOfWork unitOfWork, Guid caseId, DateTimeOffset closedAt, CancellationToken cancellationToken)
    {
        if (await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.CloseCase, new { caseId, closedAt }, cancellationToken)) != 1)
        {
            return false;
        }
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.KeepClosedKeys, new { caseId, closedAt }, cancellationToken));
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.ReleaseKeys, new { caseId }, cancellationToken));
        return true;
    }

    public async Task<bool> IsCaseOpenAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        await unitOfWork.Connection.QuerySingleOrDefaultAsync<string>(unitOfWork.Command(ReferralSql.CaseStatus, new { caseId }, cancellationToken)) == "open";

    /// <summary>Takes identifiers off a case, open or closed: they no longer find it.</summary>
    public async Task RemoveMatchKeysAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<MatchKey> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            foreach (var sql in (string[])[ReferralSql.DeleteMatchKey, ReferralSql.DeleteClosedMatchKey])
            {
                await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(sql, new { key.Type, key.Hash, CaseId = caseId }, cancellationToken));
            }
        }
    }

    /// <summary>Adds identifiers to a closed case's episode, so the child's next referral still links back to it.</summary>
    public async Task AddClosedMatchKeysAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<MatchKey> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ReferralSql.InsertClosedMatchKey,
                new { key.Type, key.Hash, CaseId = caseId }, cancellationToken));
        }
    }

    /// <summary>Records identifiers of a case in one statement; a key another case already holds fails it with a unique violation.</summary>
    public async Task AddMatchKeysAsync(UnitOfWork unitOfWork, Guid caseId, IEnumerable<MatchKey> keys, CancellationToken cancellationToken)
    {
        var rows = keys.Select(key => (key, caseId)).ToList();
        if (rows.Count > 0)
        {
            await MultiRowInsert.InsertAsync(unitOfWork.Connection, unitOfWork.Transaction, MatchKeyColumns, rows, cancellationToken);
        }
    }

    private static readonly RowColumns<(MatchKey Key, Guid CaseId)> MatchKeyColumns = new("case_match_keys",
        [("key_type", r => r.Key.Type), ("key_hash", r => r.Key.Hash), ("case_id", r => r.CaseId)]);
}
