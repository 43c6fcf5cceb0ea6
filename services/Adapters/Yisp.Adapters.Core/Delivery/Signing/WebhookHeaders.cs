namespace Yisp.Adapters.Delivery.Signing;

/// <summary>The Standard Webhooks headers (https://www.standardwebhooks.com/).</summary>
public static class WebhookHeaders
{
    public const string Id = "webhook-id";
    public const string Timestamp = "webhook-timestamp";
    public const string Signature = "webhook-signature";
}
