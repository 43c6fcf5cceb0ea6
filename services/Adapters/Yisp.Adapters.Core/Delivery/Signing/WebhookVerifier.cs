using System.Globalization;
using System.Security.Cryptography;

namespace Yisp.Adapters.Delivery.Signing;

public enum WebhookVerification
{
    Valid,
    MissingHeaders,
    BadTimestamp,
    TimestampOutOfTolerance,
    NoMatchingSignature,
}

/// <summary>What a receiver runs on each delivery: a signature made with one of its secrets, at a time close to its own clock.</summary>
public sealed class WebhookVerifier(IReadOnlyList<WebhookSecret> secrets, TimeProvider? time = null, TimeSpan? tolerance = null)
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly TimeSpan tolerance = tolerance ?? DefaultTolerance;

    public WebhookVerification Verify(string? webhookId, string? timestamp, string? signatureHeader, string body)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            return WebhookVerification.MissingHeaders;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return WebhookVerification.BadTimestamp;
        }
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unixSeconds, 0, 253402300799));
        if (age.Duration() > tolerance)
        {
            return WebhookVerification.TimestampOutOfTolerance;
        }

        var content = WebhookSigner.SignedContent(webhookId, unixSeconds, body);
        var expected = secrets.Select(secret => HMACSHA256.HashData(secret.Key, content)).ToList();
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith(WebhookSigner.Version + ",", StringComparison.Ordinal))
            {
                continue; // another scheme (e.g. an asymmetric v1a) this receiver does not use
            }
            var decoded = new byte[32];
            if (!Convert.TryFromBase64String(candidate[(WebhookSigner.Version.Length + 1)..], decoded, out var length) || length != decoded.Length)
            {
                continue;
            }
            if (expected.Any(mac => CryptographicOperations.FixedTimeEquals(mac, decoded)))
            {
                return WebhookVerification.Valid;
            }
        }
        return WebhookVerification.NoMatchingSignature;
    }
}
