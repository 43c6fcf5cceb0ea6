using System.Text.Json;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Intervention.Data;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Ids;

namespace Yisp.Intervention.Application;

/// <summary>
/// Every event the service publishes about a case is also a line in the case's timeline, written in the
/// same transaction: the timeline holds exactly what the agencies were told, no more, and never disagrees
/// with it. Each line says which consent purpose it falls under, so an agency sees only what consent allows.
/// </summary>
public sealed class CaseTimeline(InterventionStore store, IIdGenerator ids)
{
    public const string CaseLevel = ConsentPurpose.Sharing;

    /// <summary>Lines for the panel alone: no consent purpose names them, so no agency's read ever includes them.</summary>
    public const string PanelOnly = "panel";

    public async Task PublishAsync<T>(UnitOfWork unitOfWork, Guid caseId, T message, CancellationToken cancellationToken) where T : class
    {
        unitOfWork.Publish<object>(message);
        if (message is InterventionAssigned or InterventionStarted or InterventionCompleted or InterventionStopped or InterventionSuspended
            or ReviewOverdue or CaseClosed)
        {
            var row = await store.FindCaseAsync(unitOfWork, caseId, cancellationToken);
            foreach (var notice in AgencyNotices.For(message, row, await store.InterventionsAsync(unitOfWork, caseId, cancellationToken)))
            {
                unitOfWork.Publish(notice);
            }
        }
        var (at, purpose, agency, interventionId) = Describe(message);
        await store.InsertTimelineEntryAsync(unitOfWork, new TimelineRow
        {
            Id = ids.NewId(),
            CaseId = caseId,
            OccurredAt = at,
            Kind = Kind(message.GetType()),
            Purpose = purpose,
            Agency = agency,
            InterventionId = interventionId,
            Detail = JsonSerializer.Serialize<object>(message, JsonSerializerOptions.Web),
        }, cancellationToken);
    }

    private static (DateTimeOffset At, string Purpose, string? Agency, Guid? InterventionId) Describe(object message) => message switch
    {
        AssessmentRecorded e => (e.RecordedAt, ConsentPurpose.Assessment, null, null),
        InterventionAssigned e => (e.AssignedAt, ConsentPurpose.Intervention, e.LeadAgency, e.InterventionId),
        InterventionStarted e => (e.StartedAt, ConsentPurpose.Intervention, e.LeadAgency, e.InterventionId),
        InterventionCompleted e => (e.CompletedAt, ConsentPurpose.Intervention, e.LeadAgency, e.InterventionId),
        InterventionStopped e => (e.StoppedAt, ConsentPurpose.Intervention, e.LeadAgency, e.InterventionId),
        InterventionSuspended e => (e.SuspendedAt, ConsentPurpose.Intervention, e.LeadAgency, e.InterventionId),
        InterventionProgressRecorded e => (e.RecordedAt, ConsentPurpose.Intervention, e.Agency, e.InterventionId),
        CaseOpenedForAssessment e => (e.OpenedAt, CaseLevel, null, null),
        PanelDecisionRecorded e => (e.DecidedAt, CaseLevel, null, null),
        ReviewRecorded e => (e.RecordedAt, CaseLevel, null, null),
        ReviewOverdue e => (e.DueAt, CaseLevel, null, null),
        CaseSuspended e => (e.SuspendedAt, CaseLevel, null, null),
        CaseClosed e => (e.ClosedAt, CaseLevel, null, null),
        StatutoryInvolvementReported e => (e.ReportedAt, PanelOnly, e.Agency, null),
        _ => throw new ArgumentException($"{message.GetType().Name} has no place in a case timeline.", nameof(message)),
    };

    /// <summary>InterventionStarted → intervention-started.</summary>
    private static string Kind(Type type) => JsonNamingPolicy.KebabCaseLower.ConvertName(type.Name);
}
