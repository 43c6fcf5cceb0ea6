using Microsoft.Extensions.Options;
using Yisp.Contracts.Agencies;
using Yisp.Contracts.Referrals;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Screening;

namespace Yisp.Referral.Application;

/// <summary>Screens referrals against the panel's rules and publishes what changed, inside the caller's unit of work.</summary>
public sealed class CaseScreening(ReferralStore store, IOptionsMonitor<ScreeningOptions> rules, TimeProvider time)
{
    /// <param name="alsoConcerned">A referrer joining the case in this same transaction, not yet written.</param>
    /// <param name="caseOpenedNow">The case was opened in this same transaction: this referral is its only one, nothing to look up.</param>
    public async Task<Screened> ScreenAsync(UnitOfWork unitOfWork, ReferralRecord referral, CancellationToken cancellationToken,
        string? alsoConcerned = null, bool caseOpenedNow = false)
    {
        var concerned = referral.CaseId is { } caseId && !caseOpenedNow
            ? (await store.ConcernedPartiesAsync(unitOfWork, caseId, cancellationToken))
                .Append(referral.ReferringAgency).Append(alsoConcerned ?? referral.ReferringAgency).Distinct().Count()
            : 1;
        var result = ScreeningRules.Screen(new ScreeningFacts(referral.AgeAtReferral, referral.PostcodeDistrict,
            referral.RiskFactorList.Count, concerned, referral.MatchState == MatchState.Pending), rules.CurrentValue);
        return new Screened(result, concerned);
    }

    /// <summary>Applies a screening result: status, reasons and the events that tell the platform.</summary>
    /// <param name="announcedReasons">What the event says instead of the stored reasons (a coordinator's free text stays here).</param>
    public void Apply(UnitOfWork unitOfWork, ReferralRecord referral, Screened screened, bool overridden, IReadOnlyList<string>? announcedReasons = null)
    {
        var (result, concernedParties) = screened;
        var now = time.GetUtcNow();
        var (status, closeReason) = ReferralLifecycle.After(result.Outcome);
        referral.ScreeningOutcome = result.Outcome;
        referral.ScreeningReasons = string.Join('\n', result.Reasons);
        referral.ScreeningOverridden = overridden;
        referral.Status = status;
        referral.CloseReason = closeReason;
        referral.UpdatedAt = now;
        unitOfWork.Publish(new ReferralScreened(referral.Id, referral.CaseId, result.Outcome, announcedReasons ?? result.Reasons,
            referral.RiskFactorList.Count, concernedParties, overridden, now));
        ReferrerNotices.Tell(unitOfWork, referral, NotificationKind.ReferralScreened, result.Outcome, now);
        if (status == ReferralStatus.AwaitingConsent && referral.CaseId is { } caseId)
        {
            unitOfWork.Publish(new ReferralAwaitingConsent(referral.Id, caseId, referral.ReferringAgency, referral.AgenciesInvolvedList, now));
        }
        else if (status == ReferralStatus.Closed)
        {
            unitOfWork.Publish(new ReferralClosed(referral.Id, referral.CaseId, closeReason!, now));
        }
    }

    /// <summary>
    /// A new referral on a case adds its agency's concern, which can make earlier referrals of the same
    /// child eligible: screen again those closed as ineligible that no coordinator decided on.
    /// </summary>
    public async Task RescreenCaseAsync(UnitOfWork unitOfWork, Guid caseId, ReferralRecord joining, CancellationToken cancellationToken)
    {
        var exceptReferralId = joining.Id;
        foreach (var earlier in await store.FindByCaseAsync(unitOfWork, caseId, cancellationToken))
        {
            if (earlier.Id == exceptReferralId || earlier.ScreeningOverridden
                || earlier is not { Status: ReferralStatus.Closed, CloseReason: CloseReason.Ineligible })
            {
                continue;
            }
            var screened = await ScreenAsync(unitOfWork, earlier, cancellationToken, joining.ReferringAgency);
            if (screened.Result.Outcome == ScreeningOutcome.Eligible)
            {
                Apply(unitOfWork, earlier, screened, overridden: false);
                if (!await store.UpdateAsync(unitOfWork, earlier, cancellationToken))
                {
                    throw new System.Data.DBConcurrencyException("An earlier referral of the case changed while it was screened again.");
                }
            }
        }
    }
}

public sealed record Screened(ScreeningResult Result, int ConcernedParties);
