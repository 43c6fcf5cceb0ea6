using Microsoft.Extensions.Options;
using Yisp.Contracts;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Identity;

/// <summary>
/// Refuses to start on a registration that names an unknown agency, scope or role, holds a malformed hash, gives the
/// `reports` scope to someone outside the panel, or is a code-flow client without exact, safe redirect URIs.
/// </summary>
public sealed class RegistrationValidation : IValidateOptions<TokenServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenServiceOptions options)
    {
        var errors = new List<string>();
        foreach (var (id, client) in options.Clients)
        {
            var path = $"Identity:Clients:{id}";
            // A public client acts for people, whose own agency its tokens name: it needs none.
            Check(path, client.Public && client.Agency.Length == 0 ? null : client.Agency, client.Scopes, client.Roles, errors);
            if (client.SecretHash is not null && !SecretHasher.IsWellFormed(client.SecretHash, options.MinimumHashIterations))
            {
                errors.Add($"{path}:SecretHash is not a hash made by `hash-secret` (or has under {options.MinimumHashIterations} iterations).");
            }
            if (client.SecretHash is null && !client.AllowPasswordGrant && !client.AllowAuthorizationCode)
            {
                errors.Add($"{path} has no SecretHash, no password grant and no authorization code flow: it could never get a token.");
            }
            if (client.Public && client.SecretHash is not null)
            {
                errors.Add($"{path} is Public but has a SecretHash: a public client cannot keep a secret.");
            }
            if (client.Public && client.Roles.Count > 0)
            {
                errors.Add($"{path} is Public but has Roles: its tokens carry the signed-in person's roles.");
            }
            if (client.AllowAuthorizationCode && !client.Public)
            {
                errors.Add($"{path}:AllowAuthorizationCode is only for Public clients (browser applications using PKCE).");
            }
            if (client.AllowAuthorizationCode && client.RedirectUris.Count == 0)
            {
                errors.Add($"{path}:RedirectUris is empty: the authorization code flow needs at least one.");
            }
            if (!client.AllowAuthorizationCode && client.RedirectUris.Count > 0)
            {
                errors.Add($"{path}:RedirectUris is set but AllowAuthorizationCode is not.");
            }
            foreach (var (uri, index) in client.RedirectUris.Select((u, i) => (u, i)))
            {
                if (RedirectUriProblem(uri, options.RequireHttps) is { } problem)
                {
                    errors.Add($"{path}:RedirectUris:{index} '{uri}' {problem}");
                }
            }
            if (!client.Public)
            {
                ReportsOnlyForThePanel(path, client.Scopes, client.Roles, errors);
            }
        }
        foreach (var (id, user) in options.Users)
        {
            Check($"Identity:Users:{id}", user.Agency, user.Scopes, user.Roles, errors);
            ReportsOnlyForThePanel($"Identity:Users:{id}", user.Scopes, user.Roles, errors);
            if (!SecretHasher.IsWellFormed(user.PasswordHash, options.MinimumHashIterations))
            {
                errors.Add($"Identity:Users:{id}:PasswordHash is not a hash made by `hash-secret` (or has under {options.MinimumHashIterations} iterations).");
            }
        }
        foreach (var (key, index) in options.SigningKeys.Select((k, i) => (k, i)))
        {
            if (string.IsNullOrWhiteSpace(key.PrivateKeyPem) == string.IsNullOrWhiteSpace(key.PrivateKeyFile))
            {
                errors.Add($"Identity:SigningKeys:{index} needs exactly one of PrivateKeyPem and PrivateKeyFile.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>An absolute URI without a fragment; HTTPS, or HTTP only on a loopback address or where RequireHttps is off.</summary>
    private static string? RedirectUriProblem(string uri, bool requireHttps)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.IsFile)
        {
            return "is not an absolute URI.";
        }
        if (parsed.Fragment.Length > 0 || uri.Contains('#', StringComparison.Ordinal))
        {
            return "has a fragment, which a redirect URI may not.";
        }
        if (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && (parsed.IsLoopback || !requireHttps)))
        {
            return null;
        }
        return "must be https (http only on a loopback address, or where Identity:RequireHttps is false).";
    }

    /// <summary>Reports are for the panel: only coordinators and panel members (and operators, who rebuild them) may hold the `reports` scope.</summary>
    private static void ReportsOnlyForThePanel(string path, List<string> scopes, List<string> roles, List<string> errors)
    {
        if (scopes.Contains(PlatformScopes.Reports, StringComparer.Ordinal)
            && !roles.Any(role => role is PlatformRoles.Coordinator or PlatformRoles.PanelMember or PlatformRoles.Operator))
        {
            errors.Add($"{path}:Scopes 'reports' is only for the panel's roles ({PlatformRoles.Coordinator}, {PlatformRoles.PanelMember}) and {PlatformRoles.Operator}.");
        }
    }

    private static void Check(string path, string? agency, List<string> scopes, List<string> roles, List<string> errors)
    {
        if (agency is not null && !Agency.All.Contains(agency))
        {
            errors.Add($"{path}:Agency '{agency}' is not an agency code.");
        }
        errors.AddRange(scopes.Where(s => !PlatformScopes.All.Contains(s)).Select(s => $"{path}:Scopes '{s}' is not a platform scope."));
        errors.AddRange(roles.Where(r => !PlatformRoles.All.Contains(r)).Select(r => $"{path}:Roles '{r}' is not a platform role."));
    }
}
