namespace Yisp.Adapters.Delivery.Signing;

/// <summary>A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of the key bytes.</summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";

    private WebhookSecret(byte[] key) => Key = key;

    internal byte[] Key { get; }

    public static WebhookSecret Parse(string text) =>
        TryParse(text, out var secret) ? secret : throw new FormatException($"A webhook secret is {Prefix} followed by base64.");

    public static bool TryParse(string? text, out WebhookSecret secret)
    {
        secret = null!;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var encoded = text[Prefix.Length..];
        var key = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, key, out var length) || length == 0)
        {
            return false;
        }
        secret = new WebhookSecret(key[..length]);
        return true;
    }
}
