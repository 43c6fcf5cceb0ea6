using System.Text.Json;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Delivery;

/// <summary>A request body in the agency system's own format.</summary>
public sealed record FormattedPayload(string ContentType, string Body);

/// <summary>Turns a notification into what the agency's endpoint reads (a FHIR Communication for health, JSON by default).</summary>
public interface IDeliveryFormatter
{
    FormattedPayload Format(AgencyNotification notification);
}

public sealed class JsonDeliveryFormatter : IDeliveryFormatter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FormattedPayload Format(AgencyNotification notification) =>
        new("application/json", JsonSerializer.Serialize(notification, Json));
}
