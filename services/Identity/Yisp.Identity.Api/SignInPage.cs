using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Yisp.Identity;

/// <summary>
/// The sign-in page: plain server-rendered HTML with its stylesheet from the identity service itself (no scripts, nothing
/// from elsewhere). Every link is relative, so the page works the same through the gateway and on the service's own port.
/// </summary>
public static class SignInPage
{
    public const string StylesheetPath = "connect/signin.css";

    public const string WrongCredentials = "The user name and password do not match an account. Check both and try again.";
    public const string Expired = "The sign-in form had expired. Please sign in again.";

    public static string TooManyAttempts(string seconds) => $"Too many failed attempts. Wait {seconds} seconds, then try again.";

    /// <summary>The same policy the gateway gives these paths: its own stylesheet, nothing else, never framed.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The authorization request's parameters the form carries back (never the credentials or the form's own token).</summary>
    private static readonly HashSet<string> NotCarried = new(StringComparer.Ordinal) { Parameters.Username, Parameters.Password };

    public static void ApplySecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        if (response.HttpContext.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }
    }

    public static string Render(OpenIddictRequest request, string application, string tokenField, string token, string? error, string? userName)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("""
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>Sign in - YISP Platform</title>
            <link rel="stylesheet" href="signin.css">
            </head>
            <body>
            <main>
            <h1>Sign in</h1>

            """);
        page.Append("<p class=\"lead\">to continue to <strong>").Append(html.Encode(application)).Append("</strong></p>\n");
        if (error is not null)
        {
            page.Append("<p class=\"error\" role=\"alert\" id=\"sign-in-error\">").Append(html.Encode(error)).Append("</p>\n");
        }
        page.Append("<form method=\"post\" action=\"authorize\">\n");
        page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(tokenField)).Append("\" value=\"").Append(html.Encode(token)).Append("\">\n");
        foreach (var (name, value) in request.GetParameters())
        {
            if (NotCarried.Contains(name) || name == tokenField)
            {
                continue;
            }
            foreach (var item in (StringValues)value)
            {
                if (item is not null)
                {
                    page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(name)).Append("\" value=\"").Append(html.Encode(item)).Append("\">\n");
                }
            }
        }
        page.Append("<label for=\"username\">User name</label>\n");
        page.Append("<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required")
            .Append(userName is null ? " autofocus" : "")
            .Append(" value=\"").Append(html.Encode(userName ?? "")).Append("\"")
            .Append(error is null ? "" : " aria-describedby=\"sign-in-error\"").Append(">\n");
        page.Append("<label for=\"password\">Password</label>\n");
        page.Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required")
            .Append(userName is null ? "" : " autofocus").Append(">\n");
        page.Append("""
            <button type="submit">Sign in</button>
            </form>
            </main>
            </body>
            </html>

            """);
        return page.ToString();
    }

    public const string Stylesheet = """
        :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0b0c0c; background: #f3f2f1; }
        body { margin: 0; }
        main { max-width: 24rem; margin: 4rem auto; padding: 2rem; background: #fff; border-top: 0.3rem solid #1d70b8; }
        h1 { margin: 0 0 0.25rem; font-size: 1.75rem; }
        .lead { margin: 0 0 1.5rem; color: #505a5f; }
        .error { margin: 0 0 1rem; padding: 0.75rem; border-left: 0.3rem solid #d4351c; background: #fbeae8; font-weight: 600; }
        label { display: block; margin: 1rem 0 0.25rem; font-weight: 600; }
        input { box-sizing: border-box; width: 100%; padding: 0.5rem; font-size: 1rem; border: 2px solid #0b0c0c; }
        input:focus, button:focus { outline: 3px solid #ffdd00; outline-offset: 0; }
        button { margin-top: 1.5rem; padding: 0.6rem 1.2rem; font-size: 1rem; font-weight: 600; color: #fff; background: #00703c; border: 0; cursor: pointer; }
        """;
}
