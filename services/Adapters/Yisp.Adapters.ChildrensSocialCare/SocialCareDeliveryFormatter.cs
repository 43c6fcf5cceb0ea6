using System.Text.Json;
using System.Text.Json.Nodes;
using Yisp.Adapters.Delivery;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.ChildrensSocialCare;

/// <summary>
/// Notifications as JSON; a <c>handover-ready</c> one carries <c>handover</c>, the adapter's path to fetch the case's
/// handover from (the summary itself is never in the webhook or the delivery log: it is read under consent when fetched).
/// </summary>
public sealed class SocialCareDeliveryFormatter : IDeliveryFormatter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FormattedPayload Format(AgencyNotification notification)
    {
        var body = JsonSerializer.SerializeToNode(notification, Json)!.AsObject();
        if (notification is { Kind: NotificationKind.HandoverReady, CaseId: { } caseId })
        {
            body["handover"] = $"/{SocialCareApi.HandoversPath}/{caseId}";
        }
        return new FormattedPayload("application/json", body.ToJsonString(Json));
    }
}
