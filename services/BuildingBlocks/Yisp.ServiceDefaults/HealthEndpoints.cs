using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Yisp.ServiceDefaults;

public static class HealthEndpoints
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>/health/live: the process answers. /health/ready: its database and broker answer too.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", Options(LiveTag)).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", Options(ReadyTag)).AllowAnonymous();
        return endpoints;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteJson,
    };

    // Names, states and counts only: exception text could reveal connection details.
    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
            counts = report.Entries
                .Where(e => e.Value.Data.Count > 0 && e.Value.Data.Values.All(v => v is int or long))
                .ToDictionary(e => e.Key, e => e.Value.Data),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
