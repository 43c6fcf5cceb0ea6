using System.ComponentModel.DataAnnotations;
using Yisp.Adapters.Delivery.Signing;

namespace Yisp.Adapters.Delivery;

/// <summary>Where and how an adapter delivers its agency's notifications (section <c>Adapter:Webhook</c>).</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Adapter:Webhook";

    /// <summary>The agency system's endpoint.</summary>
    [Required]
    [Url]
    public string Url { get; set; } = "";

    /// <summary><c>whsec_</c> secrets; every one signs each delivery, so during a rotation list the new one beside the old.</summary>
    [MinLength(1)]
    [MaxLength(2)]
    public List<string> Secrets { get; set; } = [];

    /// <summary>One attempt's limit, from sending the request to reading the answer's status.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a delivery is retried, counted from when it was queued, before it is dead-lettered.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "30.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Cases (or referrals) delivered at once; each one's own deliveries always go one after another.</summary>
    [Range(1, 256)]
    public int MaxParallelKeys { get; set; } = 8;

    /// <summary>Off for a replica that should only queue (another process delivers).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Fallback only: an enqueue wakes the worker at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed delivery is held: past this, a worker that died mid-attempt has its delivery taken over.</summary>
    public TimeSpan Lease => Timeout * 2;

    public IReadOnlyList<WebhookSecret> ParsedSecrets() => [.. Secrets.Select(WebhookSecret.Parse)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Secrets.Any(s => !WebhookSecret.TryParse(s, out _)))
        {
            yield return new ValidationResult($"Each secret is {WebhookSecret.Prefix} followed by base64.", [nameof(Secrets)]);
        }
        if (MinBackoff > MaxBackoff)
        {
            yield return new ValidationResult("MinBackoff must not exceed MaxBackoff.", [nameof(MinBackoff), nameof(MaxBackoff)]);
        }
    }
}
