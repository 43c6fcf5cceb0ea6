using Yisp.Adapters.Delivery;

namespace Yisp.Adapters.Tests.Delivery;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Queued = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0.0, 1000)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(2, 1.0, 2000)]
    [InlineData(4, 0.0, 4000)]
    [InlineData(4, 1.0, 8000)]
    [InlineData(10, 0.0, 30_000)]
    [InlineData(10, 1.0, 60_000)]
    [InlineData(60, 1.0, 60_000)]
    public void Backs_off_exponentially_with_jitter_between_the_bounds(int attempts, double random, int expectedMilliseconds)
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), () => random);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), schedule.Backoff(attempts));
    }

    [Fact]
    public void Jitter_spreads_retries()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

        Assert.True(Enumerable.Range(0, 20).Select(_ => schedule.Backoff(5)).Distinct().Count() > 10);
    }

    [Fact]
    public void Retry_after_from_the_receiver_wins_over_the_backoff()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromHours(1), () => 0);

        Assert.Equal(Queued.AddMinutes(10), schedule.Next(1, Queued, Queued, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void The_last_attempt_is_at_the_end_of_the_window_and_after_it_the_delivery_is_dead_lettered()
    {
        var schedule = new RetrySchedule(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), () => 1);

        Assert.Equal(Queued.AddSeconds(70), schedule.Next(1, Queued, Queued.AddSeconds(60), null));
        Assert.Equal(Queued.AddMinutes(5), schedule.Next(8, Queued, Queued.AddMinutes(4.5), null));
        Assert.Null(schedule.Next(9, Queued, Queued.AddMinutes(5), null));
    }

    [Theory]
    [InlineData(200, AttemptResult.Delivered)]
    [InlineData(204, AttemptResult.Delivered)]
    [InlineData(301, AttemptResult.Retry)]
    [InlineData(400, AttemptResult.Reject)]
    [InlineData(401, AttemptResult.Reject)]
    [InlineData(404, AttemptResult.Reject)]
    [InlineData(408, AttemptResult.Retry)]
    [InlineData(410, AttemptResult.Reject)]
    [InlineData(429, AttemptResult.Retry)]
    [InlineData(500, AttemptResult.Retry)]
    [InlineData(503, AttemptResult.Retry)]
    public void A_status_code_is_delivered_retried_or_refused(int status, AttemptResult expected)
    {
        Assert.Equal(expected, AttemptOutcome.From(status, null).Result);
    }
}
