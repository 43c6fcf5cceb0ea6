using System.Net.Http.Json;
using System.Text.Json;

namespace Yisp.Adapters.Platform;

/// <summary>The platform's answer: its status and body (a problem details document when refused).</summary>
/// <param name="Replayed">The platform answered a create with the first answer to the same Idempotency-Key.</param>
public sealed record PlatformAnswer(int Status, JsonElement? Body, bool Replayed = false)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>The id of what was created or found (the body's <c>id</c>), if any.</summary>
    public Guid? Id => Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("id", out var id) && id.TryGetGuid(out var value) ? value : null;
}

/// <summary>
/// Calls the platform through the gateway as the adapter's client, with retries (the standard resilience pipeline):
/// a create carries the agency's own message id as its Idempotency-Key, so a retry, or the agency sending the same
/// message again, never makes a second one.
/// </summary>
public sealed class PlatformClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<PlatformAnswer> CreateAsync(string path, object body, string idempotencyKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return SendAsync(request, cancellationToken);
    }

    public Task<PlatformAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    private async Task<PlatformAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement? body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonSerializer.Deserialize<JsonElement>(text, Json)
                : null;
            return new PlatformAnswer((int)response.StatusCode, body, response.Headers.Contains("Idempotent-Replayed"));
        }
    }
}
