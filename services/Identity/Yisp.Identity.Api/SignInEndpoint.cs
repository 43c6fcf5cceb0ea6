using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Yisp.Identity;

/// <summary>
/// The authorization endpoint after OpenIddict has validated the request (client, redirect URI, PKCE): a person with a
/// sign-in session gets a code at once; anyone else gets the sign-in page, which posts back here with the request's own
/// parameters, the credentials and an antiforgery token. Right credentials: a session cookie and a redirect to the client
/// with the code. Wrong ones: the page again, saying only that the pair did not match.
/// </summary>
public static class SignInEndpoint
{
    public const string SessionScheme = "yisp-signin";
    public const string SessionCookie = "yisp.signin";
    public const string AntiforgeryCookie = "yisp.signin.af";
    public const string AntiforgeryField = "__RequestVerificationToken";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/" + IdentityServiceExtensions.AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync)
            .ExcludeFromDescription();
        endpoints.MapGet("/" + SignInPage.StylesheetPath, (HttpContext http) =>
        {
            SignInPage.ApplySecurityHeaders(http.Response);
            return Results.Text(SignInPage.Stylesheet, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, IOptionsMonitor<TokenServiceOptions> options, IAntiforgery antiforgery, SignInThrottle throttle, TimeProvider clock,
        ILoggerFactory loggers)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict authorization request is missing: is the endpoint passthrough enabled?");
        var settings = options.CurrentValue;
        var client = settings.Clients[request.ClientId!];
        var logger = loggers.CreateLogger(typeof(SignInEndpoint));

        string? userName = null;
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType && (await http.Request.ReadFormAsync()).ContainsKey("username"))
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Page(http, antiforgery, request, client, StatusCodes.Status400BadRequest, SignInPage.Expired, request.Username);
            }
            var (named, address) = (ThrottleKey.User(request.Username ?? ""), ThrottleKey.Address(http));
            if (throttle.RetryAfter(named, address) is var wait && wait > TimeSpan.Zero)
            {
                // Not checked at all while the name or address waits: guessing gets no answer, right or wrong.
                var seconds = TokenThrottleMiddleware.RetryAfterSeconds(wait);
                http.Response.Headers.RetryAfter = seconds;
                return Page(http, antiforgery, request, client, StatusCodes.Status429TooManyRequests, SignInPage.TooManyAttempts(seconds), request.Username);
            }
            var user = PersonCredentials.Check(settings, request.Username, request.Password);
            if (user is null)
            {
                throttle.Failed(named, address);
                logger.LogWarning("Sign-in refused for client {ClientId}: the user name or password did not match", request.ClientId);
                return Page(http, antiforgery, request, client, StatusCodes.Status400BadRequest, SignInPage.WrongCredentials, request.Username);
            }
            throttle.Succeeded(named);
            userName = request.Username!;
            var now = clock.GetUtcNow();
            await http.SignInAsync(SessionScheme,
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(Claims.Subject, userName)], SessionScheme, Claims.Subject, Claims.Role)),
                new AuthenticationProperties { IsPersistent = false, IssuedUtc = now, ExpiresUtc = now + settings.SignInSessionLifetime });
        }
        else if (!request.HasPromptValue(PromptValues.Login)
            && await http.AuthenticateAsync(SessionScheme) is { Succeeded: true } session
            && session.Principal.FindFirst(Claims.Subject)?.Value is { } signedIn && settings.Users.ContainsKey(signedIn))
        {
            userName = signedIn;
        }
        else if (request.HasPromptValue(PromptValues.None))
        {
            return Refuse(Errors.LoginRequired, "The person is not signed in.");
        }
        else
        {
            return Page(http, antiforgery, request, client, StatusCodes.Status200OK, error: null, userName: null);
        }

        // The scopes asked for that both the person and the client hold (all they share when none were asked for).
        var person = settings.Users[userName];
        var allowed = person.Scopes.Intersect(client.Scopes, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var requested = request.GetScopes();
        var granted = requested.IsEmpty ? allowed.Order(StringComparer.Ordinal).ToList() : [.. requested.Where(allowed.Contains)];
        if (granted.Count == 0)
        {
            logger.LogWarning("Sign-in for client {ClientId}: the person holds none of the scopes asked for", request.ClientId);
            return Refuse(Errors.AccessDenied, "You are signed in, but your account may not use this application.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Subject, Claims.Role);
        identity.SetClaim(Claims.Subject, userName);
        identity.SetScopes(granted);
        identity.SetResources(settings.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>An error OpenIddict sends to the (already validated) redirect URI, with the client's state.</summary>
    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IResult Page(
        HttpContext http, IAntiforgery antiforgery, OpenIddictRequest request, ClientRegistration client, int status, string? error, string? userName)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        SignInPage.ApplySecurityHeaders(http.Response);
        var html = SignInPage.Render(request, string.IsNullOrWhiteSpace(client.DisplayName) ? request.ClientId! : client.DisplayName,
            tokens.FormFieldName, tokens.RequestToken!, error, userName);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
