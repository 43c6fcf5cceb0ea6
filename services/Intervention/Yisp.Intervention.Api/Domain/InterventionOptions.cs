using System.ComponentModel.DataAnnotations;

namespace Yisp.Intervention.Domain;

public sealed class InterventionOptions
{
    public const string Section = "Intervention";

    /// <summary>How often a support plan is reviewed: every 12 weeks unless the panel configures otherwise.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ReviewInterval { get; set; } = TimeSpan.FromDays(84);

    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan OverdueScanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an agency read waits for the consent service's answer before it is refused (503).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ConsentCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
