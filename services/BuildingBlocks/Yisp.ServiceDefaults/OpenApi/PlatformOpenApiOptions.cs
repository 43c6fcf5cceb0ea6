using System.ComponentModel.DataAnnotations;

namespace Yisp.ServiceDefaults.OpenApi;

/// <summary>How a service's OpenAPI document names the platform to its readers.</summary>
public sealed class PlatformOpenApiOptions
{
    public const string Section = "OpenApi";

    /// <summary>The gateway's public address: the only server agency systems call, and where tokens come from.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5100";

    public string Server => PublicBaseUrl.TrimEnd('/');

    public string TokenUrl => Server + "/connect/token";
}
