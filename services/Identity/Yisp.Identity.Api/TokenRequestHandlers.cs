using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Yisp.ServiceDefaults.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Yisp.Identity;

/// <summary>
/// Checks the client (and, for the password grant, the person; for the code flow, that the code is used once and its person
/// is still registered) against the registrations in configuration. Runs after OpenIddict's own checks, so for the code flow
/// the code has already been decrypted and checked against the client, the redirect URI and the PKCE verifier.
/// </summary>
public sealed class TokenRequestValidator(
    IOptionsMonitor<TokenServiceOptions> options, ClientSecretCache secrets, RedeemedCodes redeemed, SignInThrottle throttle,
    ILogger<TokenRequestValidator> logger)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var settings = options.CurrentValue;
        var address = ThrottleKey.Address(context.Transaction.GetHttpRequest()!.HttpContext);
        var clientKey = ThrottleKey.Client(context.ClientId ?? "");
        if (context.ClientId is null || !settings.Clients.TryGetValue(context.ClientId, out var client))
        {
            SecretHasher.VerifyNothing(context.ClientSecret ?? "", PersonCredentials.TypicalIterations(settings));
            throttle.Failed(clientKey, address);
            return Reject(context, Errors.InvalidClient, "The client's credentials are not valid.");
        }
        if (context.Request.IsClientCredentialsGrantType())
        {
            if (client.Public)
            {
                return Reject(context, Errors.UnauthorizedClient, "A public client acts only for people: it may not use client credentials.");
            }
            if (client.SecretHash is null || context.ClientSecret is null || !secrets.Verify(context.ClientId, context.ClientSecret, client.SecretHash))
            {
                throttle.Failed(clientKey, address);
                return Reject(context, Errors.InvalidClient, "The client's credentials are not valid.");
            }
            throttle.Succeeded(clientKey);
        }
        else if (context.Request.IsPasswordGrantType())
        {
            if (!client.AllowPasswordGrant)
            {
                return Reject(context, Errors.UnauthorizedClient, "The client may not pass on a person's credentials.");
            }
            if (client.SecretHash is not null && (context.ClientSecret is null || !SecretHasher.Verify(context.ClientSecret, client.SecretHash)))
            {
                throttle.Failed(clientKey, address);
                return Reject(context, Errors.UnauthorizedClient, "The client may not pass on a person's credentials.");
            }
            // A wrong password counts against the person and the address, not the client: one guesser must not lock out
            // everyone who signs in through the same application.
            var person = ThrottleKey.User(context.Request.Username ?? "");
            if (PersonCredentials.Check(settings, context.Request.Username, context.Request.Password) is null)
            {
                throttle.Failed(person, address);
                return Reject(context, Errors.InvalidGrant, "The user name or password is not valid.");
            }
            throttle.Succeeded(person, clientKey);
        }
        else if (context.Request.IsAuthorizationCodeGrantType())
        {
            if (!client.Public || !client.AllowAuthorizationCode)
            {
                return Reject(context, Errors.UnauthorizedClient, "The client may not use the authorization code flow.");
            }
            if (context.ClientSecret is not null)
            {
                return Reject(context, Errors.InvalidClient, "A public client has no secret: send none.");
            }
            if (context.AuthorizationCodePrincipal?.GetClaim(Claims.Subject) is not { } person || !settings.Users.ContainsKey(person))
            {
                return Reject(context, Errors.InvalidGrant, "The person this code was issued to is no longer registered.");
            }
            if (!redeemed.TryRedeem(context.Request.Code!, context.AuthorizationCodePrincipal.GetExpirationDate()))
            {
                return Reject(context, Errors.InvalidGrant, "The authorization code has already been used.");
            }
            return ValueTask.CompletedTask; // the scopes were settled when the code was issued, and are narrowed again when the token is
        }
        else
        {
            return Reject(context, Errors.UnsupportedGrantType, "Only client_credentials, password and authorization_code are supported.");
        }

        var allowed = AllowedScopes(settings, context.Request, client);
        var outside = context.Request.GetScopes().Where(scope => !allowed.Contains(scope)).ToList();
        if (outside.Count > 0)
        {
            return Reject(context, Errors.InvalidScope, $"Not granted to this caller: {string.Join(' ', outside)}.");
        }
        return ValueTask.CompletedTask;

        ValueTask Reject(ValidateTokenRequestContext request, string error, string description)
        {
            logger.LogWarning("Token request refused for client {ClientId}: {Error}", request.ClientId, error);
            request.Reject(error, description);
            return ValueTask.CompletedTask;
        }
    }

    public static IReadOnlySet<string> AllowedScopes(TokenServiceOptions settings, OpenIddictRequest request, ClientRegistration client) =>
        request.IsPasswordGrantType() && request.Username is not null && settings.Users.TryGetValue(request.Username, out var user)
            ? user.Scopes.Intersect(client.Scopes).ToHashSet(StringComparer.Ordinal)
            : client.Scopes.ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// Builds the access token's claims: subject, client, agency, roles and the scopes granted (all allowed if none asked; for a code,
/// those granted at sign-in that the person and client still hold).
/// </summary>
public sealed class TokenIssuer(IOptionsMonitor<TokenServiceOptions> options) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        var settings = options.CurrentValue;
        var client = settings.Clients[context.Request.ClientId!];
        string? userName;
        ImmutableArray<string> scopes;
        if (context.Request.IsAuthorizationCodeGrantType())
        {
            // The code carries the person and the scopes granted at sign-in; the person's current registration decides the rest.
            userName = context.AuthorizationCodePrincipal!.GetClaim(Claims.Subject)!;
            var allowed = settings.Users[userName].Scopes.Intersect(client.Scopes, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            scopes = [.. context.AuthorizationCodePrincipal!.GetScopes().Where(allowed.Contains).Order(StringComparer.Ordinal)];
        }
        else
        {
            userName = context.Request.IsPasswordGrantType() ? context.Request.Username : null;
            var requested = context.Request.GetScopes();
            scopes = requested.IsEmpty
                ? [.. TokenRequestValidator.AllowedScopes(settings, context.Request, client).Order(StringComparer.Ordinal)]
                : requested;
        }
        var person = userName is null ? null : settings.Users[userName];

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Subject, Claims.Role);
        identity.SetClaim(Claims.Subject, userName ?? context.Request.ClientId);
        identity.SetClaim(PlatformClaims.Agency, person?.Agency ?? client.Agency);
        identity.SetClaims(Claims.Role, [.. person?.Roles ?? client.Roles]);
        identity.SetScopes(scopes);
        identity.SetResources(settings.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
