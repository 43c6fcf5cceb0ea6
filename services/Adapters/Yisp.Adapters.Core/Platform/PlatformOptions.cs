using System.ComponentModel.DataAnnotations;

namespace Yisp.Adapters.Platform;

/// <summary>How the adapter calls the platform: through the gateway, with its own client credentials.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Adapter:Platform";

    /// <summary>The gateway's base address; tokens come from its <c>connect/token</c>.</summary>
    [Required]
    public Uri GatewayUrl { get; set; } = new("http://127.0.0.1:5100/");

    [Required]
    public string ClientId { get; set; } = "";

    [Required]
    public string ClientSecret { get; set; } = "";

    [Required]
    public string Scope { get; set; } = "referrals consent interventions";

    /// <summary>A token is renewed this long before it expires.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromSeconds(60);
}
