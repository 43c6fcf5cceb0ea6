using Dapper;
using Yisp.Data;
using Yisp.Messaging.Transactions;

namespace Yisp.Referral.Data;

/// <summary>A closed referral retention looks at: its identity still sealed, and whether its case closed.</summary>
public sealed class RetentionCandidate
{
    public Guid Id { get; set; }
    public Guid? CaseId { get; set; }
    public string ReferringAgency { get; set; } = "";
    public DateTimeOffset ClosedAt { get; set; }
    public string SealedIdentity { get; set; } = "";
    public string? SealedKey { get; set; }
    public DateTimeOffset? CaseClosedAt { get; set; }
}

public sealed record LegalHold(Guid CaseId, string Reason, string SetBy, DateTimeOffset SetAt);

/// <summary>Retention's reads and writes: candidates, the erasure claim, and legal holds.</summary>
public sealed class RetentionStore(Database database)
{
    public async Task<IReadOnlyList<RetentionCandidate>> CandidatesAsync(DateTimeOffset now, DateTimeOffset closedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RetentionCandidate>(new CommandDefinition(PrivacySql.RetentionCandidates,
            new { now, closedBefore, limit }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task RetainUntilAsync(Guid id, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(PrivacySql.RetainUntil, new { id, until }, cancellationToken: cancellationToken));
    }

    /// <summary>Erases the referral's identity (its data key goes), its free text and its corrections' history; false when it was erased already or is now held.</summary>
    public async Task<bool> EraseReferralAsync(UnitOfWork unitOfWork, Guid id, Guid? caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (caseId is not null)
        {
            await Execute(unitOfWork, PrivacySql.LockCase, new { caseId }, cancellationToken);
        }
        if (await Execute(unitOfWork, PrivacySql.EraseReferral, new { id, now }, cancellationToken) != 1)
        {
            return false;
        }
        await Execute(unitOfWork, PrivacySql.DeleteKey, new { id }, cancellationToken);
        await Execute(unitOfWork, PrivacySql.DeleteCorrections, new { id }, cancellationToken);
        return true;
    }

    /// <summary>Marks the case erased and deletes its match keys once none of its referrals holds an identity; false while one still does.</summary>
    public async Task<bool> EraseCaseIfEmptyAsync(UnitOfWork unitOfWork, Guid caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await unitOfWork.Connection.ExecuteScalarAsync<long>(unitOfWork.Command(PrivacySql.UnerasedOfCase, new { caseId }, cancellationToken)) > 0
            || await Execute(unitOfWork, PrivacySql.EraseCase, new { caseId, now }, cancellationToken) != 1)
        {
            return false;
        }
        await Execute(unitOfWork, PrivacySql.DeleteOpenMatchKeys, new { caseId }, cancellationToken);
        await Execute(unitOfWork, PrivacySql.DeleteClosedMatchKeys, new { caseId }, cancellationToken);
        return true;
    }

    public async Task<bool> CaseExistsAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(PrivacySql.CaseExists, new { caseId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<LegalHold?> FindHoldAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LegalHold>(new CommandDefinition(PrivacySql.FindHold, new { caseId }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets or replaces the case's hold.</summary>
    public async Task SetHoldAsync(LegalHold hold, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(PrivacySql.UpdateHold, hold, cancellationToken: cancellationToken)) == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(PrivacySql.InsertHold, hold, cancellationToken: cancellationToken));
        }
    }

    public async Task<bool> ReleaseHoldAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(PrivacySql.DeleteHold, new { caseId }, cancellationToken: cancellationToken)) == 1;
    }

    private static Task<int> Execute(UnitOfWork unitOfWork, string sql, object parameters, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(sql, parameters, cancellationToken));
}
