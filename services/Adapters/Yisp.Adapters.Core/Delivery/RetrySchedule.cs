namespace Yisp.Adapters.Delivery;

/// <summary>
/// When a failed delivery is tried again: exponential back-off from MinBackoff to MaxBackoff with jitter (so receivers
/// recovering from an outage are not hit by every sender at once), or the receiver's Retry-After; never past the
/// retry window, whose end gets one last attempt before the delivery is dead-lettered.
/// </summary>
public sealed class RetrySchedule(TimeSpan minBackoff, TimeSpan maxBackoff, TimeSpan retryFor, Func<double>? random = null)
{
    private readonly Func<double> random = random ?? Random.Shared.NextDouble;

    /// <summary>The next attempt's time, or null when the window has closed and the delivery is dead-lettered.</summary>
    /// <param name="attempts">Attempts made so far, the failed one included.</param>
    public DateTimeOffset? Next(int attempts, DateTimeOffset queuedAt, DateTimeOffset now, TimeSpan? retryAfter)
    {
        var deadline = queuedAt + retryFor;
        if (now >= deadline)
        {
            return null;
        }
        var delay = retryAfter ?? Backoff(attempts);
        return now + delay < deadline ? now + delay : deadline;
    }

    /// <summary>Half the exponential step fixed, half random: never below MinBackoff, never above MaxBackoff.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var step = Math.Min(maxBackoff.Ticks, minBackoff.Ticks * Math.Pow(2, exponent));
        var jittered = step / 2 + (step / 2 * random());
        return TimeSpan.FromTicks((long)Math.Max(minBackoff.Ticks, jittered));
    }
}
