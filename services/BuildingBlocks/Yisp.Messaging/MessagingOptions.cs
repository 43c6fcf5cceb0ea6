using System.ComponentModel.DataAnnotations;

namespace Yisp.Messaging;

/// <summary>The broker connection and consumer retry policy.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";

    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;

    /// <summary>
    /// Retries after the first failed attempt; then the message goes to the endpoint's _error queue. Not counted while
    /// the database or network is down: then the message waits and retries, its delay growing to <see cref="OutageRetryMaxInterval"/>.
    /// </summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest wait between attempts while the database or network is down (there is no attempt limit then), and
    /// between a consumer's attempts to reconnect to the broker. Short, so that work resumes within seconds of the
    /// outage's end; an attempt that finds the server still down costs little.
    /// </summary>
    public TimeSpan OutageRetryMaxInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the service counts the messages parked in its _error queues.</summary>
    public TimeSpan DeadLetterCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
