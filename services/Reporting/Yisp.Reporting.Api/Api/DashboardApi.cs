using System.Collections.Frozen;

namespace Yisp.Reporting.Api;

/// <summary>
/// The panel's reports dashboard: static files embedded in the service, served anonymously (the page holds no
/// data; its own calls to the figures carry the person's token).
/// </summary>
public static class DashboardApi
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["chart.umd.js"] = "text/javascript; charset=utf-8",
        ["styles.css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapGroup("/reports").AllowAnonymous().ExcludeFromDescription();
        dashboard.MapGet("", () => File("index.html"));
        dashboard.MapGet("/signed-in", () => File("index.html"));
        dashboard.MapGet("/{file}", (string file) => File(file));
        return endpoints;
    }

    private static IResult File(string name)
    {
        if (!ContentTypes.TryGetValue(name, out var contentType))
        {
            return Results.NotFound();
        }
        var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream($"Dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded.");
        return Results.Stream(stream, contentType);
    }
}
