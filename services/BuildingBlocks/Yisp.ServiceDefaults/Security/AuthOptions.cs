using System.ComponentModel.DataAnnotations;

namespace Yisp.ServiceDefaults.Security;

/// <summary>
/// The token issuer a service trusts. Any OpenID Connect provider will do: keys and issuer come from its
/// discovery document, so replacing the platform's identity service is a change of configuration.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Required]
    public string Authority { get; set; } = "";

    /// <summary>Where to read discovery when the issuer's public name is not reachable from inside (e.g. a cluster address).</summary>
    public string? MetadataAddress { get; set; }

    [Required]
    public string Audience { get; set; } = "yisp-api";

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>JWT "typ" values accepted; empty means RFC 9068's at+jwt only (so an ID token is never taken for an access token).</summary>
    public List<string> ValidTokenTypes { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
