using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using Yisp.ServiceDefaults.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Yisp.Identity;

/// <summary>Checks the client (and, for the password grant, the person) against the registrations in configuration.</summary>
public sealed class TokenRequestValidator(IOptionsMonitor<TokenServiceOptions> options, ClientSecretCache secrets, ILogger<TokenRequestValidator> logger)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var settings = options.CurrentValue;
        if (context.ClientId is null || !settings.Clients.TryGetValue(context.ClientId, out var client))
        {
            SecretHasher.VerifyNothing(context.ClientSecret ?? "", TypicalIterations(settings));
            return Reject(context, Errors.InvalidClient, "The client's credentials are not valid.");
        }
        if (context.Request.IsClientCredentialsGrantType())
        {
            if (client.SecretHash is null || context.ClientSecret is null || !secrets.Verify(context.ClientId, context.ClientSecret, client.SecretHash))
            {
                return Reject(context, Errors.InvalidClient, "The client's credentials are not valid.");
            }
        }
        else if (context.Request.IsPasswordGrantType())
        {
            if (!client.AllowPasswordGrant
                || (client.SecretHash is not null && (context.ClientSecret is null || !SecretHasher.Verify(context.ClientSecret, client.SecretHash))))
            {
                return Reject(context, Errors.UnauthorizedClient, "The client may not pass on a person's credentials.");
            }
            if (context.Request.Username is null || !settings.Users.TryGetValue(context.Request.Username, out var user))
            {
                SecretHasher.VerifyNothing(context.Request.Password ?? "", TypicalIterations(settings));
                return Reject(context, Errors.InvalidGrant, "The user name or password is not valid.");
            }
            if (context.Request.Password is null || !SecretHasher.Verify(context.Request.Password, user.PasswordHash))
            {
                return Reject(context, Errors.InvalidGrant, "The user name or password is not valid.");
            }
        }
        else
        {
            return Reject(context, Errors.UnsupportedGrantType, "Only client_credentials and password are supported.");
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

    /// <summary>The rounds most registrations use, so a check against nothing takes as long as a real one.</summary>
    private static int TypicalIterations(TokenServiceOptions settings) =>
        settings.Users.Values.Select(u => u.PasswordHash).Concat(settings.Clients.Values.Select(c => c.SecretHash))
            .Select(SecretHasher.IterationsOf).Where(n => n > 0).GroupBy(n => n).OrderByDescending(g => g.Count()).Select(g => g.Key)
            .DefaultIfEmpty(SecretHasher.DefaultIterations).First();

    public static IReadOnlySet<string> AllowedScopes(TokenServiceOptions settings, OpenIddictRequest request, ClientRegistration client) =>
        request.IsPasswordGrantType() && request.Username is not null && settings.Users.TryGetValue(request.Username, out var user)
            ? user.Scopes.Intersect(client.Scopes).ToHashSet(StringComparer.Ordinal)
            : client.Scopes.ToHashSet(StringComparer.Ordinal);
}

/// <summary>Builds the access token's claims: subject, client, agency, roles and the scopes granted (all allowed if none asked).</summary>
public sealed class TokenIssuer(IOptionsMonitor<TokenServiceOptions> options) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        var settings = options.CurrentValue;
        var client = settings.Clients[context.Request.ClientId!];
        var person = context.Request.IsPasswordGrantType() ? settings.Users[context.Request.Username!] : null;

        var requested = context.Request.GetScopes();
        var scopes = requested.IsEmpty
            ? TokenRequestValidator.AllowedScopes(settings, context.Request, client).Order(StringComparer.Ordinal).ToImmutableArray()
            : requested;

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Subject, Claims.Role);
        identity.SetClaim(Claims.Subject, person is null ? context.Request.ClientId : context.Request.Username);
        identity.SetClaim(PlatformClaims.Agency, person?.Agency ?? client.Agency);
        identity.SetClaims(Claims.Role, [.. person?.Roles ?? client.Roles]);
        identity.SetScopes(scopes);
        identity.SetResources(settings.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
