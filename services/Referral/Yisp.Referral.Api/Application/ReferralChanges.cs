using Yisp.Contracts.Referrals;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Identifiers;
using Yisp.Referral.Domain.Matching;
using Yisp.Referral.Domain.Privacy;
using Yisp.Referral.Domain.Screening;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Referral.Application;

/// <summary>
/// Changes to an existing referral: withdrawal by the referrer and a coordinator's decisions. Each runs
/// in one transaction, only against the version the caller last saw (If-Match), and publishes its events.
/// </summary>
public sealed class ReferralChanges(
    UnitOfWorkFactory unitsOfWork,
    ReferralStore store,
    CaseScreening screening,
    IdentityCorrections corrections,
    MatchKeyHasher hasher,
    IdentityProtector protector,
    IIdGenerator ids,
    TimeProvider time)
{
    public Task<CommandOutcome<ReferralRecord>> WithdrawAsync(Guid id, int expectedVersion, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, cancellationToken, (unitOfWork, referral) =>
        {
            if (!ReferralLifecycle.CanWithdraw(referral.Status))
            {
                return Task.FromResult<string?>($"A referral that is {referral.Status} can no longer be withdrawn.");
            }
            var now = time.GetUtcNow();
            referral.Status = ReferralStatus.Closed;
            referral.CloseReason = CloseReason.Withdrawn;
            unitOfWork.Publish(new ReferralWithdrawn(referral.Id, referral.CaseId, referral.ReferringAgency, now));
            unitOfWork.Publish(new ReferralClosed(referral.Id, referral.CaseId, CloseReason.Withdrawn, now));
            return Task.FromResult<string?>(null);
        });

    public Task<CommandOutcome<ReferralRecord>> OverrideScreeningAsync(Guid id, int expectedVersion, string outcome, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, cancellationToken, async (unitOfWork, referral) =>
        {
            if (!ReferralLifecycle.CanOverrideScreening(referral.Status, referral.CloseReason))
            {
                return $"The screening of a referral that is {referral.Status} can no longer be overridden.";
            }
            if (outcome == ScreeningOutcome.Eligible && referral.CaseId is null)
            {
                return "Decide the possible case match first: an eligible referral needs a case.";
            }
            var screened = await screening.ScreenAsync(unitOfWork, referral, cancellationToken);
            screening.Apply(unitOfWork, referral, screened with { Result = new ScreeningResult(outcome, [$"coordinator: {reason}"]) },
                overridden: true, announcedReasons: ["coordinator-override"]);
            return null;
        });

    /// <summary>A coordinator corrects the child's details (see <see cref="IdentityCorrections"/>); the referral's version moves on.</summary>
    public Task<CommandOutcome<ReferralRecord>> CorrectIdentityAsync(Guid id, int expectedVersion, ValidCorrection correction, string correctedBy,
        CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, cancellationToken, (unitOfWork, referral) => corrections.ApplyAsync(unitOfWork, referral, correction, correctedBy, cancellationToken));

    /// <summary>
    /// A coordinator confirms the held match (the referral joins that case) or rejects it: held at intake, the child
    /// gets a case of their own; held by a correction, the referral stays on its case. Keys no case holds go with it.
    /// </summary>
    public Task<CommandOutcome<ReferralRecord>> DecideMatchAsync(Guid id, int expectedVersion, bool confirm, CancellationToken cancellationToken) =>
        ChangeAsync(id, expectedVersion, cancellationToken, async (unitOfWork, referral) =>
        {
            if (referral.MatchState != MatchState.Pending || referral.Status == ReferralStatus.Closed)
            {
                return "This referral has no possible case match waiting for a decision.";
            }
            var now = time.GetUtcNow();
            var keys = KeysOf(referral);
            var known = await store.FindMatchesAsync(unitOfWork, keys, cancellationToken);
            var fresh = keys.Where(k => !known.Any(m => m.KeyHash == k.Hash)).ToList();
            var heldOn = referral.CaseId; // a correction holds the referral on its case until this decision
            Guid? previous = null;
            if (confirm)
            {
                referral.CaseId = referral.CandidateCaseId;
                referral.MatchState = MatchState.Confirmed;
                await store.AddMatchKeysAsync(unitOfWork, referral.CaseId!.Value, fresh, cancellationToken);
            }
            else if (heldOn is { } own)
            {
                referral.MatchState = MatchState.Rejected;
                await store.AddMatchKeysAsync(unitOfWork, own, fresh, cancellationToken);
            }
            else
            {
                referral.CaseId = ids.NewId();
                referral.MatchState = MatchState.Rejected;
                previous = await store.OpenCaseAsync(unitOfWork, referral.CaseId.Value, fresh, now, cancellationToken);
            }
            referral.CandidateCaseId = null;
            if (referral.CaseId == heldOn)
            {
                return null;
            }
            unitOfWork.Publish(new ReferralLinkedToCase(referral.Id, referral.CaseId!.Value, heldOn is null && !confirm, "coordinator", now, previous));
            // Joining a case adds the referrer's concern there; after consent was given the referral's status stays as it is.
            if (ReferralLifecycle.CanWithdraw(referral.Status))
            {
                screening.Apply(unitOfWork, referral, await screening.ScreenAsync(unitOfWork, referral, cancellationToken), overridden: false);
            }
            if (confirm)
            {
                await screening.RescreenCaseAsync(unitOfWork, referral.CaseId.Value, referral, cancellationToken);
            }
            return null;
        });

    private IReadOnlyList<MatchKey> KeysOf(ReferralRecord referral) => hasher.KeysFor(MatchIdentity.Of(
        (StoredIdentity.Open(referral, protector) ?? throw new InvalidOperationException("An erased referral has no identity to match.")).Child));

    /// <param name="change">Changes the referral and publishes its events; returns why the change is not allowed, or null.</param>
    private Task<CommandOutcome<ReferralRecord>> ChangeAsync(Guid id, int expectedVersion, CancellationToken cancellationToken,
        Func<UnitOfWork, ReferralRecord, Task<string?>> change) =>
        ChangeAsync(id, expectedVersion, cancellationToken, async (unitOfWork, referral) =>
            await change(unitOfWork, referral) is { } problem ? CommandOutcome<ReferralRecord>.NotAllowed(problem) : null);

    /// <param name="change">Changes the referral and publishes its events; returns the outcome when nothing may change, or null.</param>
    private async Task<CommandOutcome<ReferralRecord>> ChangeAsync(Guid id, int expectedVersion, CancellationToken cancellationToken,
        Func<UnitOfWork, ReferralRecord, Task<CommandOutcome<ReferralRecord>?>> change)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var referral = await ReferralStore.FindAsync(unitOfWork.Connection, unitOfWork.Transaction, id, cancellationToken);
        if (referral is null)
        {
            return CommandOutcome<ReferralRecord>.NotFound();
        }
        if (referral.Version != expectedVersion)
        {
            return CommandOutcome<ReferralRecord>.Stale();
        }
        if (await change(unitOfWork, referral) is { } refused)
        {
            return refused;
        }
        referral.UpdatedAt = time.GetUtcNow();
        if (!await store.UpdateAsync(unitOfWork, referral, cancellationToken))
        {
            return CommandOutcome<ReferralRecord>.Stale();
        }
        await unitOfWork.CommitAsync(cancellationToken);
        return CommandOutcome<ReferralRecord>.Done(referral);
    }
}
