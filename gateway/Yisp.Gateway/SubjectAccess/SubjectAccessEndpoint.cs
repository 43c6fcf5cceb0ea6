using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Yisp.Audit;

namespace Yisp.Gateway.SubjectAccess;

/// <summary>
/// A data protection officer's subject access request: one call gathers what every service holds about the child and answers it
/// as JSON, or as a readable HTML document when asked for <c>text/html</c>. The request is recorded in the gateway's trail before
/// anything is answered; each service records the reads of its own records.
/// </summary>
public static class SubjectAccessEndpoint
{
    public const string Path = "/api/subject-access";
    public const string Policy = "subject-access";
    private const int MaxQueryBytes = 4096;

    public static void MapSubjectAccess(this WebApplication app) =>
        app.MapPost(Path, AnswerAsync).RequireAuthorization(Policy).DisableRateLimiting()
            .WithMetadata(new RequestSizeLimitAttribute(MaxQueryBytes));

    private static async Task<IResult> AnswerAsync(HttpContext http, SubjectAccessGatherer gatherer, GatewayTrail trail, CancellationToken cancellationToken)
    {
        string query;
        try
        {
            query = await new StreamReader(http.Request.Body).ReadToEndAsync(cancellationToken);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(statusCode: tooLarge.StatusCode, title: "The query is too large.");
        }
        await trail.RecordAsync(http, AuditOutcome.Allowed, "subject-access");
        try
        {
            var (package, refusal) = await gatherer.GatherAsync(http, query, cancellationToken);
            if (refusal is not null)
            {
                return Results.Content(refusal.Body, refusal.ContentType, statusCode: (int)refusal.Status);
            }
            if (WantsHtml(http.Request))
            {
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"subject-access-{package!.GeneratedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.html\"";
                return Results.Content(SubjectAccessDocument.Html(package), "text/html; charset=utf-8");
            }
            return Results.Ok(package);
        }
        catch (ServiceUnavailableException unavailable)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not every service answered.",
                detail: $"{unavailable.Message} Nothing partial is answered: ask again.");
        }
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
