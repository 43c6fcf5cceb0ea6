using Yisp.Adapters.Delivery;
using Yisp.Adapters.Health.Translation;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Health;

/// <summary>What health's system receives: an intervention health leads as a FHIR Task, anything else as a Communication.</summary>
public sealed class FhirDeliveryFormatter : IDeliveryFormatter
{
    public const string FhirJson = "application/fhir+json";

    public FormattedPayload Format(AgencyNotification notification) => notification switch
    {
        { InterventionId: { } intervention, CaseId: { } caseId, Status: { } status }
            when notification.Kind is NotificationKind.InterventionAssigned or NotificationKind.InterventionChanged or NotificationKind.InterventionSuspended =>
            new(FhirJson, InterventionTasks.ToJson(new InterventionTaskFacts(intervention, caseId,
                notification.Kind == NotificationKind.InterventionSuspended ? "active" : status,
                notification.Kind == NotificationKind.InterventionSuspended, notification.At))),
        _ => new(FhirJson, NotificationCommunications.ToJson(notification)),
    };
}
