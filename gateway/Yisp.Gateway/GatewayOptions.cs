using System.ComponentModel.DataAnnotations;

namespace Yisp.Gateway;

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Largest request body the gateway forwards; larger ones get 413 before reaching a service.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Token requests per client address: each costs a slow secret check, and guessing must stay slow.</summary>
    public RateLimitOptions TokenRateLimit { get; set; } = new() { PermitsPerWindow = 60 };

    /// <summary>Proxies in front of the gateway whose X-Forwarded-* headers are believed, nobody else's: addresses, or
    /// networks in CIDR form (an ingress controller's pod network, e.g. 10.0.0.0/8).</summary>
    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>Requests per agency per window (each agency its own budget, so one busy system cannot starve the rest).</summary>
public sealed class RateLimitOptions
{
    [Range(1, 1_000_000)]
    public int PermitsPerWindow { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    [Range(0, 10_000)]
    public int QueueLimit { get; set; }
}
