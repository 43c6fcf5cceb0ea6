using System.ComponentModel.DataAnnotations;

namespace Yisp.ServiceDefaults.Memory;

/// <summary>When a service that has gone quiet gives its spare heap back to the operating system.</summary>
public sealed class IdleMemoryOptions
{
    public const string Section = "Memory";

    public bool ReleaseWhenIdle { get; set; } = true;

    /// <summary>How often the service looks at what it allocated since it last looked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Allocating less than this between two looks is idle (the background jobs' polling stays well under it).</summary>
    [Range(0, long.MaxValue)]
    public long IdleBelowBytes { get; set; } = 4L << 20;

    /// <summary>Released only after this much work since the last release: an idle service is not collected again and again.</summary>
    [Range(0, long.MaxValue)]
    public long WorkBeforeReleaseBytes { get; set; } = 64L << 20;
}
