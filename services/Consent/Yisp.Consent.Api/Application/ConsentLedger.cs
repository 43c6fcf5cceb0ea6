using Yisp.Consent.Data;
using Yisp.Consent.Domain;
using Yisp.Contracts.Agencies;
using Yisp.Contracts.Consent;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Consent.Application;

/// <summary>
/// After any new decision, brings effective consent up to date in the same transaction and publishes what
/// changed. Every change of consent goes through here.
/// </summary>
public sealed class ConsentLedger(ConsentStore store, TimeProvider time)
{
    /// <summary>Recomputes what is in force, stores it, and publishes granted, changed, withdrawn, expired or refused.</summary>
    public async Task<IReadOnlyList<EffectiveItem>> RefreshAsync(UnitOfWork unitOfWork, ConsentRequestRow request, Change change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = await store.EffectiveAsync(unitOfWork, request.CaseId, cancellationToken);
        var decisions = (await store.DecisionsAsync(unitOfWork, request.CaseId, cancellationToken)).Select(d => d.ToRecord()).ToList();
        var after = request.Status == RequestStatus.Open
            ? EffectiveConsent.Compute(request.Scope, request.RequiredPartyList, decisions, now)
            : [];

        await store.ReplaceEffectiveAsync(unitOfWork, request.CaseId, after, cancellationToken);

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
        TellAgencies(unitOfWork, caseId, Agencies(before.Select(e => e.Item)), Agencies(after.Select(e => e.Item)), now);
        return after;
    }

    /// <summary>Each agency that consent now shares the case with, or no longer does, hears it on its feed.</summary>
    private static void TellAgencies(UnitOfWork unitOfWork, Guid caseId, IReadOnlyList<string> before, IReadOnlyList<string> after, DateTimeOffset now)
    {
        foreach (var agency in after.Except(before))
        {
            unitOfWork.Publish(new AgencyNotification(Guid.CreateVersion7(), agency, NotificationKind.CaseShared, null, caseId, null, null, now));
        }
        foreach (var agency in before.Except(after))
        {
            unitOfWork.Publish(new AgencyNotification(Guid.CreateVersion7(), agency, NotificationKind.CaseNoLongerShared, null, caseId, null, null, now));
        }
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
