using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Inbound;

/// <summary>A message from the agency's system, translated, with the agency's own id for it (the Idempotency-Key sent on).</summary>
public sealed record Keyed<T>(string Key, T Value) where T : class;

/// <summary>
/// How an adapter whose agency speaks JSON takes a message in: the body read within the size limit, bound, translated;
/// bad input is a 400 RFC 9457 problem naming each field by its JSON path, and nothing reaches the platform.
/// </summary>
public static class JsonInbound
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(Keyed<T>? Value, IResult? Refusal)> ReadAsync<TBody, T>(HttpRequest request, AdapterMetrics metrics,
        Func<TBody, Translation<Keyed<T>>> translate, CancellationToken cancellationToken) where T : class
    {
        metrics.Received.Add(1);
        if (await InboundBody.ReadAsync(request, cancellationToken) is not { } text)
        {
            metrics.Refused.Add(1);
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large.",
                detail: $"The body is larger than {InboundBody.MaxBytes} bytes."));
        }
        TBody? body;
        try
        {
            body = JsonSerializer.Deserialize<TBody>(text, Json);
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "";
            return (null, Invalid(metrics, [new TranslationError(path, path.Length > 0 ? "has the wrong type." : "is not a JSON object.")]));
        }
        if (body is null)
        {
            return (null, Invalid(metrics, [new TranslationError("", "is not a JSON object.")]));
        }
        var translation = translate(body);
        return translation.Succeeded ? (translation.Value, null) : (null, Invalid(metrics, translation.Errors));
    }

    public static IResult Invalid(AdapterMetrics metrics, IReadOnlyList<TranslationError> errors)
    {
        metrics.Refused.Add(1);
        return Results.ValidationProblem(errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The message is not valid.", detail: "Nothing was sent to the platform; correct the fields named and send it again with the same id.");
    }

    /// <summary>
    /// The platform's answer in the agency's terms: what it accepted as <paramref name="accepted"/> (with the platform's
    /// status: 201, or 200 for a resend); what it refused as a 422 problem keeping its field names and status; 502 when it
    /// could not be reached.
    /// </summary>
    public static IResult Answer(PlatformAnswer answer, Func<PlatformAnswer, object> accepted)
    {
        if (answer.Succeeded)
        {
            return Results.Json(accepted(answer), JsonInbound.Json, statusCode: answer.Replayed ? StatusCodes.Status200OK : answer.Status);
        }
        var errors = InboundReferrals.Refusal(answer);
        var extensions = new Dictionary<string, object?> { ["platformStatus"] = answer.Status, ["errors"] = errors };
        return answer.Status is >= 400 and < 500
            ? Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The platform refused the message.",
                detail: string.Join(" ", errors.Select(e => e.Path.Length > 0 ? $"{e.Path}: {e.Message}" : e.Message)), extensions: extensions)
            : Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The platform could not be reached.",
                detail: "Nothing was recorded; send the message again with the same id.", extensions: extensions);
    }
}
