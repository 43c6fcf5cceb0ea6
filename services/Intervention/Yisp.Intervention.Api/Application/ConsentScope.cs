using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Intervention.Application;

/// <summary>
/// Keeps each case in step with its consent. Nothing opens without consent to assessment; when consent
/// stops covering an intervention's lead agency (or intervention at all, or the whole case) the
/// intervention is suspended at once and the agencies affected are told.
/// </summary>
public sealed class ConsentScope(InterventionStore store, TimeProvider time, CaseTimeline timeline)
{
    public async Task ApplyAsync(UnitOfWork unitOfWork, Guid caseId, IReadOnlyList<string> purposes, IReadOnlyList<string> agencies,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = await store.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null)
        {
            if (purposes.Contains(ConsentPurpose.Assessment))
            {
                await store.InsertCaseAsync(unitOfWork, new CaseRow
                {
                    CaseId = caseId,
                    Status = CaseStatus.Assessment,
                    ConsentedPurposes = Join(purposes),
                    ConsentedAgencies = Join(agencies),
                    OpenedAt = now,
                    Version = 1,
                }, cancellationToken);
                await timeline.PublishAsync(unitOfWork, caseId, new CaseOpenedForAssessment(caseId, now), cancellationToken);
            }
            return;
        }
        if (row.Status == CaseStatus.Closed)
        {
            return;
        }

        var wasSuspended = row.Suspended;
        row.ConsentedPurposes = Join(purposes);
        row.ConsentedAgencies = Join(agencies);
        row.Suspended = !purposes.Contains(ConsentPurpose.Assessment);
        if (row.Suspended && !wasSuspended)
        {
            await timeline.PublishAsync(unitOfWork, caseId, new CaseSuspended(caseId, now), cancellationToken);
        }
        foreach (var intervention in await store.InterventionsAsync(unitOfWork, caseId, cancellationToken))
        {
            var covered = !row.Suspended && purposes.Contains(ConsentPurpose.Intervention) && agencies.Contains(intervention.LeadAgency);
            if (!covered && !intervention.Suspended && intervention.Status is InterventionStatus.Planned or InterventionStatus.Active)
            {
                intervention.Suspended = true;
                intervention.UpdatedAt = now;
                await store.UpdateInterventionAsync(unitOfWork, intervention, cancellationToken);
                await timeline.PublishAsync(unitOfWork, caseId, new InterventionSuspended(caseId, intervention.Id, intervention.LeadAgency, now), cancellationToken);
            }
        }
        if (!await store.UpdateCaseAsync(unitOfWork, row, cancellationToken))
        {
            throw new System.Data.DBConcurrencyException("The case changed while its consent was applied; retrying.");
        }
    }

    /// <summary>The scope left after some of it was withdrawn or expired.</summary>
    public static (IReadOnlyList<string> Purposes, IReadOnlyList<string> Agencies) Without(CaseRow? row, bool whole,
        IReadOnlyList<string> purposes, IReadOnlyList<string> agencies)
    {
        if (row is null || whole)
        {
            return ([], []);
        }
        // Sharing withdrawn for some agencies removes those agencies; a purpose withdrawn outright removes the purpose.
        var remainingAgencies = row.Agencies.Except(agencies).ToList();
        var remainingPurposes = row.Purposes.Where(p => !purposes.Contains(p) || (p == ConsentPurpose.Sharing && remainingAgencies.Count > 0)).ToList();
        return (remainingPurposes, remainingAgencies);
    }

    private static string Join(IEnumerable<string> values) => string.Join(',', values.Distinct().Order(StringComparer.Ordinal));
}
