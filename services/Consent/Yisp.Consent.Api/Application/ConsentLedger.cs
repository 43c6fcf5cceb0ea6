using Yisp.Messaging.Transactions;
using Dapper;
using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Contracts.Consent;
using Yisp.Messaging.Outbox;

namespace Yisp.Consent.Application;

/// <summary>
/// Reads a case's consent and, after any new decision, brings effective consent up to date in the same
/// transaction and publishes what changed. Everything else in the service goes through here.
/// </summary>
public sealed class ConsentLedger(TimeProvider time)
{
    public static Task<ConsentRequestRow?> FindRequestAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        unitOfWork.Connection.QuerySingleOrDefaultAsync<ConsentRequestRow>(unitOfWork.Command(ConsentSql.FindRequest, new { caseId }, cancellationToken));

    /// <summary>Locks the case's request for this transaction, then reads it: the way every writer starts.</summary>
    public static async Task<ConsentRequestRow?> LockRequestAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken)
    {
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.LockRequest, new { caseId }, cancellationToken));
        return await FindRequestAsync(unitOfWork, caseId, cancellationToken);
    }

    public static async Task<IReadOnlyList<DecisionRow>> DecisionsAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<DecisionRow>(unitOfWork.Command(ConsentSql.FindDecisions, new { caseId }, cancellationToken))).AsList();

    public static async Task<IReadOnlyList<EffectiveItem>> EffectiveAsync(UnitOfWork unitOfWork, Guid caseId, CancellationToken cancellationToken) =>
        (await unitOfWork.Connection.QueryAsync<EffectiveRow>(unitOfWork.Command(ConsentSql.FindEffective, new { caseId }, cancellationToken)))
        .Select(r => new EffectiveItem(new ScopeItem(r.Purpose, r.Agency), r.ExpiresAt)).ToList();

    public static Task InsertDecisionsAsync(UnitOfWork unitOfWork, IEnumerable<DecisionRow> decisions, CancellationToken cancellationToken) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.InsertDecision, decisions, cancellationToken));

    public static async Task<bool> UpdateRequestAsync(UnitOfWork unitOfWork, ConsentRequestRow request, int expectedVersion, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(request);
        parameters.Add("ExpectedVersion", expectedVersion);
        return await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.UpdateRequest, parameters, cancellationToken)) == 1;
    }

    /// <summary>Recomputes what is in force, stores it, and publishes granted, changed, withdrawn, expired or refused.</summary>
    public async Task<IReadOnlyList<EffectiveItem>> RefreshAsync(UnitOfWork unitOfWork, ConsentRequestRow request, Change change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = await EffectiveAsync(unitOfWork, request.CaseId, cancellationToken);
        var decisions = (await DecisionsAsync(unitOfWork, request.CaseId, cancellationToken)).Select(d => d.ToRecord()).ToList();
        var after = request.Status == RequestStatus.Open
            ? EffectiveConsent.Compute(request.Scope, request.RequiredPartyList, decisions, now)
            : [];

        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.DeleteEffective, new { caseId = request.CaseId }, cancellationToken));
        await unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.InsertEffective,
            after.Select(e => new { request.CaseId, e.Item.Purpose, e.Item.Agency, e.ExpiresAt }), cancellationToken));

        var removed = before.Select(e => e.Item).Except(after.Select(e => e.Item)).ToList();
        var caseId = request.CaseId;
        if (before.Count == 0 && after.Count > 0)
        {
            unitOfWork.Publish(new ConsentGranted(caseId, Purposes(after.Select(e => e.Item)), Agencies(after.Select(e => e.Item)), now));
        }
        else if (removed.Count > 0 && change == Change.Withdrawal)
        {
            unitOfWork.Publish(new ConsentWithdrawn(caseId, after.Count == 0, Purposes(removed), Agencies(removed), now));
        }
        else if (removed.Count > 0 && change == Change.Expiry)
        {
            unitOfWork.Publish(new ConsentExpired(caseId, Purposes(removed), Agencies(removed), now));
        }
        else if (!before.Select(e => e.Item).ToHashSet().SetEquals(after.Select(e => e.Item)))
        {
            unitOfWork.Publish(new ConsentChanged(caseId, Purposes(after.Select(e => e.Item)), Agencies(after.Select(e => e.Item)), now));
        }
        if (change == Change.Decision && EffectiveConsent.AssessmentRefused(request.RequiredPartyList, decisions))
        {
            unitOfWork.Publish(new ConsentRefused(caseId, now));
        }
        return after;
    }

    private static IReadOnlyList<string> Purposes(IEnumerable<ScopeItem> items) => [.. items.Select(i => i.Purpose).Distinct().Order(StringComparer.Ordinal)];

    private static IReadOnlyList<string> Agencies(IEnumerable<ScopeItem> items) =>
        [.. items.Where(i => i.Purpose == ConsentPurpose.Sharing).Select(i => i.Agency).Distinct().Order(StringComparer.Ordinal)];
}

public enum Change
{
    Decision,
    Withdrawal,
    Expiry,
    Scope,
}
