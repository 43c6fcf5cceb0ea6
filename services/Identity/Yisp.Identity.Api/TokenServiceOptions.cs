using System.ComponentModel.DataAnnotations;

namespace Yisp.Identity;

/// <summary>The token service: who may ask for tokens and with what, and the keys tokens are signed with.</summary>
public sealed class TokenServiceOptions
{
    public const string Section = "Identity";

    /// <summary>The issuer named in tokens; every service's Auth:Authority points here. Empty: the request's own address.</summary>
    public Uri? Issuer { get; set; }

    [Required]
    public string Audience { get; set; } = "yisp-api";

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Registrations with weaker hashes are refused at start.</summary>
    [Range(1_000, 10_000_000)]
    public int MinimumHashIterations { get; set; } = 100_000;

    /// <summary>Off only where TLS ends in front of the service (or on a developer's loopback).</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>RSA keys; the first signs, all are published so tokens signed by a retiring key still validate.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>Agency systems (client credentials), by client id.</summary>
    public Dictionary<string, ClientRegistration> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>People (password grant through a client that allows it), by user name.</summary>
    public Dictionary<string, UserRegistration> Users { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SigningKeyOptions
{
    [Required]
    public string KeyId { get; set; } = "";

    public string? PrivateKeyPem { get; set; }

    public string? PrivateKeyFile { get; set; }
}

public sealed class ClientRegistration
{
    /// <summary>From `hash-secret`; a client without one is public and may only pass its users' passwords on.</summary>
    public string? SecretHash { get; set; }

    public string Agency { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public List<string> Roles { get; set; } = [];

    public bool AllowPasswordGrant { get; set; }
}

public sealed class UserRegistration
{
    public string PasswordHash { get; set; } = "";

    public string Agency { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public List<string> Roles { get; set; } = [];
}
