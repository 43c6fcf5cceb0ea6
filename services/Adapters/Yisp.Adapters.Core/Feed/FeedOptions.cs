using System.ComponentModel.DataAnnotations;

namespace Yisp.Adapters.Feed;

/// <summary>
/// Where the adapter reads its agency's feed: the broker, as the adapter's own user, whose permissions reach this
/// agency's queue only (read; nothing to configure, nothing to write).
/// </summary>
public sealed class FeedOptions
{
    public const string Section = "Adapter:Feed";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "";

    [Required]
    public string Password { get; set; } = "";

    [Range(1, 1000)]
    public ushort Prefetch { get; set; } = 50;
}
