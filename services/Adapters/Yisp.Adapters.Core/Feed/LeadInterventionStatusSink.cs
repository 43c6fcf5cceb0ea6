using Yisp.Adapters.Delivery;
using Yisp.Adapters.Platform;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Feed;

/// <summary>
/// For agencies whose systems work from the interventions they lead: before a notice about such an intervention is
/// queued for delivery, its current status is fetched through the gateway (the lead agency's status endpoint), so the
/// agency's system receives what holds now ("suspended" when consent no longer covers it: stop work). While the platform
/// cannot answer, the notice is not kept and the feed redelivers it.
/// </summary>
public sealed class LeadInterventionStatusSink(DeliveryQueue queue, PlatformClient platform) : INotificationSink
{
    public const string Suspended = "suspended";

    private static readonly HashSet<string> AboutLeadIntervention =
        [NotificationKind.InterventionAssigned, NotificationKind.InterventionChanged, NotificationKind.InterventionSuspended];

    public static string StatusPath(Guid caseId, Guid interventionId) => $"api/interventions/cases/{caseId}/interventions/{interventionId}/status";

    public async Task AcceptAsync(AgencyNotification notification, CancellationToken cancellationToken)
    {
        if (notification is { CaseId: { } caseId, InterventionId: { } interventionId } && AboutLeadIntervention.Contains(notification.Kind))
        {
            var answer = await platform.GetAsync(StatusPath(caseId, interventionId), cancellationToken);
            if (answer is { Succeeded: true, Body: { } body })
            {
                var suspended = body.TryGetProperty("suspended", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
                notification = notification with { Status = suspended ? Suspended : body.GetProperty("status").GetString() };
            }
            else if (answer.Status != 404)
            {
                throw new HttpRequestException($"The intervention's status could not be fetched (the platform answered {answer.Status}).");
            }
        }
        await queue.EnqueueAsync(notification, cancellationToken);
    }
}
