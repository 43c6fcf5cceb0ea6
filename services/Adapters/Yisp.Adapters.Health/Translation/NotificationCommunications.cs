using System.Globalization;
using Hl7.Fhir.Model;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Health.Translation;

/// <summary>
/// A notification on health's feed as a FHIR Communication: identified by the notification id, sent at its time, about the
/// referral, case and intervention it concerns (by identifier), the kind as its category, the status code as its topic,
/// and a payload text of the kind and ids only.
/// </summary>
public static class NotificationCommunications
{
    public static Communication Build(AgencyNotification notification)
    {
        var about = new List<ResourceReference>();
        Add("ServiceRequest", FhirSystems.Referral, notification.ReferralId);
        Add("EpisodeOfCare", FhirSystems.Case, notification.CaseId);
        Add("Task", FhirSystems.Intervention, notification.InterventionId);
        return new Communication
        {
            Id = notification.NotificationId.ToString(),
            Identifier = [new Identifier(FhirSystems.Notification, notification.NotificationId.ToString())],
            Status = EventStatus.Completed,
            Category = [new CodeableConcept(FhirSystems.NotificationKind, notification.Kind)],
            Topic = notification.Status is null ? null : new CodeableConcept(FhirSystems.NotificationStatus, notification.Status),
            About = about,
            Sent = notification.At.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Payload = [new Communication.PayloadComponent { Content = new FhirString(PayloadText(notification)) }],
        };

        void Add(string type, string system, Guid? id)
        {
            if (id is { } value)
            {
                about.Add(new ResourceReference { Type = type, Identifier = new Identifier(system, value.ToString()) });
            }
        }
    }

    /// <summary>"intervention-assigned case=… intervention=…": the kind, then each id the notification carries.</summary>
    public static string PayloadText(AgencyNotification n) =>
        string.Join(' ', new[]
        {
            n.Kind,
            n.ReferralId is { } r ? $"referral={r}" : null,
            n.CaseId is { } c ? $"case={c}" : null,
            n.InterventionId is { } i ? $"intervention={i}" : null,
        }.Where(p => p is not null));

    public static string ToJson(AgencyNotification notification) => FhirJson.Write(Build(notification));
}
