using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Yisp.Identity;

/// <summary>
/// Checks an authorization request against the registrations: degraded mode leaves the client, its redirect URIs and
/// its scopes to us. Runs after OpenIddict's own checks (response type, PKCE parameters with S256 only). A refusal here is
/// shown by the identity service, never sent to the redirect URI, because that URI is not trusted yet.
/// </summary>
public sealed class AuthorizationRequestValidator(IOptionsMonitor<TokenServiceOptions> options, ILogger<AuthorizationRequestValidator> logger)
    : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        var settings = options.CurrentValue;
        if (context.ClientId is null || !settings.Clients.TryGetValue(context.ClientId, out var client))
        {
            return Reject(Errors.InvalidRequest, "The client_id is not a registered client.");
        }
        if (!client.Public || !client.AllowAuthorizationCode)
        {
            return Reject(Errors.UnauthorizedClient, "The client may not use the authorization code flow.");
        }
        if (context.Request.RedirectUri is not { } redirectUri || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return Reject(Errors.InvalidRequest, "The redirect_uri is not one registered for this client.");
        }
        if (context.Request.ResponseMode is { } mode && mode != ResponseModes.Query)
        {
            return Reject(Errors.InvalidRequest, "Only response_mode=query is supported.");
        }
        if (string.IsNullOrEmpty(context.Request.CodeChallenge) || context.Request.CodeChallengeMethod != CodeChallengeMethods.Sha256)
        {
            return Reject(Errors.InvalidRequest, "PKCE is required: send code_challenge with code_challenge_method=S256.");
        }
        var outside = context.Request.GetScopes().Where(scope => !client.Scopes.Contains(scope, StringComparer.Ordinal)).ToList();
        if (outside.Count > 0)
        {
            return Reject(Errors.InvalidScope, $"Not registered for this client: {string.Join(' ', outside)}.");
        }
        context.SetRedirectUri(redirectUri);
        return ValueTask.CompletedTask;

        ValueTask Reject(string error, string description)
        {
            logger.LogWarning("Authorization request refused for client {ClientId}: {Error}", context.ClientId, error);
            context.Reject(error, description);
            return ValueTask.CompletedTask;
        }
    }
}
