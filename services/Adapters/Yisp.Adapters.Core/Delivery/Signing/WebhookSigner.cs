using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Yisp.Adapters.Delivery.Signing;

/// <summary>
/// Signs a delivery the Standard Webhooks way: HMAC-SHA256 over "{id}.{timestamp}.{body}", one <c>v1,</c> signature per
/// secret, so a receiver part-way through a rotation accepts it with either its old or its new secret.
/// </summary>
public static class WebhookSigner
{
    public const string Version = "v1";

    public static string Sign(IReadOnlyList<WebhookSecret> secrets, string webhookId, DateTimeOffset timestamp, string body)
    {
        var content = SignedContent(webhookId, timestamp.ToUnixTimeSeconds(), body);
        return string.Join(' ', secrets.Select(secret => $"{Version},{Convert.ToBase64String(HMACSHA256.HashData(secret.Key, content))}"));
    }

    internal static byte[] SignedContent(string webhookId, long unixSeconds, string body) =>
        Encoding.UTF8.GetBytes($"{webhookId}.{unixSeconds.ToString(CultureInfo.InvariantCulture)}.{body}");
}
