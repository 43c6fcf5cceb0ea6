using Yisp.Contracts.Agencies;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;

namespace Yisp.Intervention.Application;

/// <summary>
/// What each agency hears of a case's events on its own feed: only while consent shares the case with it, except
/// that the lead agency of a suspended intervention is always told to stop work. A case closed as escalated to
/// statutory services is handed over to children's social care when consent shares it with them.
/// </summary>
public static class AgencyNotices
{
    public static IEnumerable<AgencyNotification> For(object message, CaseRow? row, IReadOnlyList<InterventionRow> interventions)
    {
        var shared = row?.Agencies ?? [];
        IEnumerable<AgencyNotification> ToShared(IEnumerable<string> agencies, string kind, Guid caseId, Guid? interventionId, string? status,
            DateTimeOffset at) =>
            agencies.Where(shared.Contains).Distinct().Select(a => new AgencyNotification(Guid.CreateVersion7(), a, kind, null, caseId, interventionId, status, at));
        return message switch
        {
            InterventionAssigned e => ToShared([e.LeadAgency], NotificationKind.InterventionAssigned, e.CaseId, e.InterventionId, InterventionStatus.Planned, e.AssignedAt),
            InterventionStarted e => ToShared([e.LeadAgency], NotificationKind.InterventionChanged, e.CaseId, e.InterventionId, InterventionStatus.Active, e.StartedAt),
            InterventionCompleted e => ToShared([e.LeadAgency], NotificationKind.InterventionChanged, e.CaseId, e.InterventionId, InterventionStatus.Completed, e.CompletedAt),
            InterventionStopped e => ToShared([e.LeadAgency], NotificationKind.InterventionChanged, e.CaseId, e.InterventionId, InterventionStatus.Stopped, e.StoppedAt),
            InterventionSuspended e => [new AgencyNotification(Guid.CreateVersion7(), e.LeadAgency, NotificationKind.InterventionSuspended, null, e.CaseId, e.InterventionId, "suspended", e.SuspendedAt)],
            ReviewOverdue e => ToShared(interventions.Where(i => i.Status is InterventionStatus.Planned or InterventionStatus.Active).Select(i => i.LeadAgency),
                NotificationKind.ReviewDue, e.CaseId, null, null, e.DueAt),
            CaseClosed e => ToShared(shared, NotificationKind.CaseClosed, e.CaseId, null, e.Outcome, e.ClosedAt)
                .Concat(e.Outcome == CaseOutcome.EscalatedToStatutoryServices
                    ? ToShared([Contracts.Agency.ChildrensSocialCare], NotificationKind.HandoverReady, e.CaseId, null, e.Outcome, e.ClosedAt)
                    : []),
            _ => [],
        };
    }
}
