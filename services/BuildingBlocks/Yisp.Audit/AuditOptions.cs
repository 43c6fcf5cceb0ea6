using System.ComponentModel.DataAnnotations;

namespace Yisp.Audit;

public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Base64 key (32 bytes or more) for the chain's HMAC; kept out of the database it protects.</summary>
    [Required]
    [MinLength(44)]
    public string ChainKey { get; set; } = "";

    public byte[] Key => Convert.FromBase64String(ChainKey);

    /// <summary>How often the chain's end is written to the log, for keeping outside the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);
}
