namespace Yisp.Gateway;

/// <summary>
/// Headers every response carries: children's data is never cached, framed or sniffed. The API docs page
/// alone may run its own scripts and styles; the identity service's sign-in page may load its own stylesheet (no scripts);
/// the reports dashboard may run its own scripts and styles (no inline ones) and call this origin.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string SignInPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";
    private const string DashboardPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private const string DocsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs") ? DocsPolicy
                : IsSignIn(context.Request.Path) ? SignInPolicy
                : context.Request.Path.StartsWithSegments("/reports") ? DashboardPolicy
                : ApiPolicy;
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/docs") && !context.Request.Path.StartsWithSegments("/openapi"))
            {
                headers.CacheControl = "no-store";
            }
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsSignIn(PathString path) =>
        path.Equals("/connect/authorize", StringComparison.OrdinalIgnoreCase) || path.Equals("/connect/signin.css", StringComparison.OrdinalIgnoreCase);
}
