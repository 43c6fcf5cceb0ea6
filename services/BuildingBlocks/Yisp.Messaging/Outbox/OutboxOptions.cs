using System.ComponentModel.DataAnnotations;

namespace Yisp.Messaging.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Off for a replica that should only write (for example while another process relays).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>Relay loops per replica; they take turns, and the next takes its batch the moment one commits.</summary>
    [Range(1, 16)]
    public int Lanes { get; set; } = 4;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Fallback only: a commit wakes the relay at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one batch may wait for the broker before the relay treats it as unreachable.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failures of one message (while its neighbours publish) before it is parked for an operator.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Back-off ceiling while the broker is unreachable.</summary>
    public TimeSpan OutageMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Must exceed the longest time a message could be redelivered.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Off where something else cleans up (a test that calls the cleanup itself).</summary>
    public bool CleanupEnabled { get; set; } = true;

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
