using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Yisp.ServiceDefaults.Http;

/// <summary>ETag and If-Match for optimistic concurrency: the version a client last saw.</summary>
public static class Preconditions
{
    public static string ETagOf(int version) => $"\"{version}\"";

    public static void SetETag(HttpResponse response, int version) => response.Headers.ETag = ETagOf(version);

    /// <summary>The version named by If-Match, or the problem to answer: 428 when missing, 400 when unreadable.</summary>
    public static (int Version, ProblemHttpResult? Problem) RequiredVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return (0, TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired,
                title: "If-Match is required.", detail: "Send the ETag of the resource you are changing in If-Match."));
        }
        if (EntityTagHeaderValue.TryParse(header, out var tag)
            && int.TryParse(tag.Tag.AsSpan().Trim('"'), System.Globalization.NumberStyles.None, null, out var version))
        {
            return (version, null);
        }
        return (0, new ValidationErrors().Add("If-Match", "must be an ETag this API returned, such as \"3\".").ToProblem());
    }
}
