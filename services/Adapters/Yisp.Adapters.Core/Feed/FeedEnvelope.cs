using System.Text.Json;
using Yisp.Contracts.Agencies;

namespace Yisp.Adapters.Feed;

/// <summary>Reads a notification as the platform publishes it (inside the JSON envelope its message bus writes).</summary>
public static class FeedEnvelope
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>Null when the body is not a notification envelope (it is then set aside, not retried).</returns>
    public static AgencyNotification? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(body, Json);
            return envelope is { Message: { } message } && message.Deserialize<AgencyNotification>(Json) is { Agency: not null, Kind: not null } notification
                && notification.NotificationId != Guid.Empty
                ? notification
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Envelope(JsonElement? Message);
}
