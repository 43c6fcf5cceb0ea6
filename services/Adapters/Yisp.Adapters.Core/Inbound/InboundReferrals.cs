using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Inbound;

/// <summary>Sends a translated referral to the platform, keyed by the agency's own message id so a resend never makes a second one.</summary>
public sealed class InboundReferrals(PlatformClient platform, AdapterMetrics metrics)
{
    public const string ReferralsPath = "api/referrals";

    public async Task<PlatformAnswer> SubmitAsync(ReferralRequest referral, string agencyMessageId, CancellationToken cancellationToken)
    {
        var answer = await platform.CreateAsync(ReferralsPath, referral, agencyMessageId, cancellationToken);
        (answer.Succeeded ? metrics.Translated : metrics.Refused).Add(1);
        return answer;
    }

    /// <summary>What the platform refused, as translation errors (its problem details name each field by JSON path).</summary>
    public static IReadOnlyList<TranslationError> Refusal(PlatformAnswer answer) =>
        answer.Body is { ValueKind: System.Text.Json.JsonValueKind.Object } body && body.TryGetProperty("errors", out var errors)
            && errors.ValueKind == System.Text.Json.JsonValueKind.Object
            ? [.. errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => new TranslationError(e.Name, m.GetString() ?? "")))]
            : [new TranslationError("", answer.Body is { } b && b.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "refused" : $"the platform answered {answer.Status}")];
}

/// <summary>Reads an agency's message body as text, refusing one larger than the limit.</summary>
public static class InboundBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<string?> ReadAsync(Microsoft.AspNetCore.Http.HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > MaxBytes)
            {
                return null;
            }
            copy.Write(buffer, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(copy.GetBuffer(), 0, (int)copy.Length);
    }
}
