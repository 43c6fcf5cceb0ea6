using System.ComponentModel.DataAnnotations;
using Yisp.ServiceDefaults;

namespace Yisp.Gateway;

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Largest request body the gateway forwards; larger ones get 413 before reaching a service.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GatewayOptions>(builder.Configuration, GatewayOptions.Section);
        var limit = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()?.MaxRequestBodyBytes
            ?? new GatewayOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limit);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }
}

/// <summary>Names the gateway's entry assembly for test hosts.</summary>
public sealed class GatewayMarker;
