using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Yisp.ServiceDefaults.Http;

/// <summary>
/// Reads a request body strictly: JSON content type in UTF-8, a size limit, no unknown or repeated
/// properties. Every failure is a problem-details result naming the field, never an exception reaching the caller.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions StrictOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        // With "last wins", a filter or log reading the first copy would see another value than the handler.
        AllowDuplicateProperties = false,
    };

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, long maxBytes, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType() || !IsUtf8(request.ContentType))
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type.",
                detail: "The body must be JSON in UTF-8 (Content-Type: application/json, with no charset or charset=utf-8)."));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            var limited = new LengthLimitedStream(request.Body, maxBytes);
            var value = await JsonSerializer.DeserializeAsync<T>(limited, StrictOptions, cancellationToken);
            return value is null
                ? (null, new ValidationErrors().Add("$", "A JSON object is required.").ToProblem())
                : (value, null);
        }
        catch (LengthLimitedStream.LimitExceededException)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (JsonException ex)
        {
            return (null, new ValidationErrors().Add(FieldOf(ex), Describe(ex)).ToProblem());
        }
    }

    /// <summary>The body is read as UTF-8 whatever it declares, so any other declared charset is refused rather than misread.</summary>
    private static bool IsUtf8(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.Charset.Length == 0 || HeaderUtilities.RemoveQuotes(mediaType.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large.",
        detail: $"The body must be at most {maxBytes} bytes.");

    private static string FieldOf(JsonException ex) =>
        string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;

    // The serializer's own messages name .NET types; callers get a plain statement instead.
    private static string Describe(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a known property."
        : ex.Message.Contains("Duplicate", StringComparison.Ordinal) ? "is given more than once."
        : ex.Path is null or "$" ? "The body is not valid JSON."
        : JsonFormats.Describe(ex);
}
