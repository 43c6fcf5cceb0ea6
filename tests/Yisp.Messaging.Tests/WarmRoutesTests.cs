using Yisp.Messaging.Outbox;

namespace Yisp.Messaging.Tests;

/// <summary>Which types the relay may publish together: only those whose way to the broker this connection has made.</summary>
public sealed class WarmRoutesTests
{
    private const string Notice = "Yisp.Contracts.Agencies.AgencyNotification";

    [Fact]
    public async Task A_type_is_made_by_its_publish_and_forgotten_when_the_bus_connects_again_or_faults()
    {
        var routes = new WarmRoutes(TimeProvider.System);
        Assert.False(routes.IsMade(Notice));

        routes.Made(Notice, routes.Generation);
        Assert.True(routes.IsMade(Notice));
        await routes.Ready(null!);
        Assert.False(routes.IsMade(Notice));

        routes.Made(Notice, routes.Generation);
        await routes.Faulted(null!);
        Assert.False(routes.IsMade(Notice));
    }

    [Fact]
    public async Task A_way_made_by_a_publish_that_straddled_a_reconnection_is_not_kept()
    {
        var routes = new WarmRoutes(TimeProvider.System);
        var startedIn = routes.Generation;

        await routes.Ready(null!); // the bus connected again while the publish was in flight
        routes.Made(Notice, startedIn);

        Assert.False(routes.IsMade(Notice));
    }

    [Fact]
    public void What_was_made_is_forgotten_after_an_hour_as_the_bus_remakes_it_within_a_day()
    {
        var time = new SteppedTime();
        var routes = new WarmRoutes(time);
        routes.Made(Notice, routes.Generation);

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(routes.IsMade(Notice));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(routes.IsMade(Notice));
    }

    private sealed class SteppedTime : TimeProvider
    {
        private long timestamp = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => timestamp;

        public void Advance(TimeSpan by) => timestamp += by.Ticks;
    }
}
