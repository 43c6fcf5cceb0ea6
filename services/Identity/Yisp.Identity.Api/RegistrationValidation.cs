using Microsoft.Extensions.Options;
using Yisp.Contracts;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Identity;

/// <summary>Refuses to start on a registration that names an unknown agency, scope or role, or holds a malformed hash.</summary>
public sealed class RegistrationValidation : IValidateOptions<TokenServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenServiceOptions options)
    {
        var errors = new List<string>();
        foreach (var (id, client) in options.Clients)
        {
            Check($"Identity:Clients:{id}", client.Agency, client.Scopes, client.Roles, errors);
            if (client.SecretHash is not null && !SecretHasher.IsWellFormed(client.SecretHash, options.MinimumHashIterations))
            {
                errors.Add($"Identity:Clients:{id}:SecretHash is not a hash made by `hash-secret` (or has under {options.MinimumHashIterations} iterations).");
            }
            if (client.SecretHash is null && !client.AllowPasswordGrant)
            {
                errors.Add($"Identity:Clients:{id} has no SecretHash and no password grant: it could never get a token.");
            }
        }
        foreach (var (id, user) in options.Users)
        {
            Check($"Identity:Users:{id}", user.Agency, user.Scopes, user.Roles, errors);
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

    private static void Check(string path, string agency, List<string> scopes, List<string> roles, List<string> errors)
    {
        if (!Agency.All.Contains(agency))
        {
            errors.Add($"{path}:Agency '{agency}' is not an agency code.");
        }
        errors.AddRange(scopes.Where(s => !PlatformScopes.All.Contains(s)).Select(s => $"{path}:Scopes '{s}' is not a platform scope."));
        errors.AddRange(roles.Where(r => !PlatformRoles.All.Contains(r)).Select(r => $"{path}:Roles '{r}' is not a platform role."));
    }
}
