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

    /// <summary>How long a person stays signed in at the sign-in page (the identity service's own cookie), not sliding.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan SignInSessionLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Where the keys protecting the sign-in cookie and its antiforgery token are kept (a folder several replicas share).
    /// Empty: in memory, so a restart signs everyone out of the sign-in page (tokens already issued are unaffected).
    /// </summary>
    public string? DataProtectionKeysPath { get; set; }

    /// <summary>
    /// Proxies whose X-Forwarded-For is believed (the gateway): addresses, or networks in CIDR form. Nobody else's, so a
    /// caller reaching the service directly cannot pick the address its failed attempts are counted against.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>RSA keys; the first signs, all are published so tokens signed by a retiring key still validate.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>Agency systems (client credentials) and the applications people sign in through, by client id.</summary>
    public Dictionary<string, ClientRegistration> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>People (the sign-in page, or the password grant through a client that allows it), by user name.</summary>
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
    /// <summary>From `hash-secret`; a client without one is public and may only pass its users' passwords on or use the code flow.</summary>
    public string? SecretHash { get; set; }

    /// <summary>A public client (a browser application): it has no secret, proves itself with PKCE and acts only for people.</summary>
    public bool Public { get; set; }

    /// <summary>People sign in at the identity service's page and the client gets a code (PKCE, S256) for a token.</summary>
    public bool AllowAuthorizationCode { get; set; }

    /// <summary>The exact redirect URIs a code may be sent to (compared character for character).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>What the sign-in page calls the application; the client id when empty.</summary>
    public string? DisplayName { get; set; }

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
