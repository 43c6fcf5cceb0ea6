using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Yisp.Identity;

/// <summary>
/// Ahead of OpenIddict: a token request whose client id, user name or address is waiting (<see cref="SignInThrottle"/>) is
/// answered 429 with Retry-After and an OAuth error body, and its credentials are not checked at all.
/// </summary>
public sealed class TokenThrottleMiddleware(RequestDelegate next, SignInThrottle throttle)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.Equals("/" + IdentityServiceExtensions.TokenPath, StringComparison.OrdinalIgnoreCase)
            || !http.Request.HasFormContentType)
        {
            await next(http);
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var clientId = BasicClientId(http) ?? form[Parameters.ClientId].ToString();
        var userName = form[Parameters.GrantType] == GrantTypes.Password ? form[Parameters.Username].ToString() : "";
        var wait = throttle.RetryAfter(ThrottleKey.Client(clientId), ThrottleKey.User(userName), ThrottleKey.Address(http));
        if (wait <= TimeSpan.Zero)
        {
            await next(http);
            return;
        }
        var seconds = RetryAfterSeconds(wait);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds;
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            [Parameters.Error] = "temporarily_unavailable",
            [Parameters.ErrorDescription] = $"Too many failed attempts: try again in {seconds} seconds.",
        }, http.RequestAborted);
    }

    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>client_secret_basic: the client id is the user part of the Basic credentials (form-encoded, RFC 6749 2.3.1).</summary>
    private static string? BasicClientId(HttpContext http)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }
        var buffer = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, buffer, out var length))
        {
            return null;
        }
        var pair = Encoding.UTF8.GetString(buffer, 0, length);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : Uri.UnescapeDataString(pair[..colon].Replace('+', ' '));
    }
}
