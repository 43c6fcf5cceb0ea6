using MassTransit;
using MassTransit.Middleware;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Tests.Support;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

/// <summary>Consumers reconnect within seconds of the broker coming back (MassTransit's own waits grow to 30 s).</summary>
public sealed class BrokerReconnectTests
{
    [Fact]
    public async Task A_lost_broker_is_tried_again_within_seconds_for_as_long_as_it_is_away()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            overrides: new Dictionary<string, string?> { ["Messaging:OutageRetryMaxInterval"] = "00:00:04" });
        var policy = host.Services.GetRequiredService<IBusInstance>().HostConfiguration.ReceiveTransportRetryPolicy;
        var lost = new ConnectionException("broker unreachable");

        var waits = Waits(policy, lost, 8);

        Assert.Equal(8, waits.Count); // never gives up while the broker is away
        // MassTransit's first wait: 1 s plus 0.8-1.2 s, times a jitter of 0.75-1.25; then growing to the longest, jittered.
        Assert.InRange(waits[0], TimeSpan.FromSeconds(1.8 * 0.75), TimeSpan.FromSeconds(2.2 * 1.25));
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, TimeSpan.FromSeconds(4 * 1.25)));
        // MassTransit's choice of faults to retry is kept (it never retries this one).
        Assert.False(policy.IsHandled(new RabbitMQ.Client.Exceptions.AuthenticationFailureException("refused")));
        // The relay's record of the ways to the broker is told when the bus connects again.
        Assert.Contains(host.Services.GetRequiredService<WarmRoutes>(), host.Services.GetServices<IReceiveEndpointObserver>());
    }

    private static List<TimeSpan> Waits(IRetryPolicy policy, Exception fault, int attempts)
    {
        var waits = new List<TimeSpan>();
        using var attempt = policy.CreatePolicyContext(new ReconnectAttempt());
        if (!attempt.CanRetry(fault, out var retry))
        {
            return waits;
        }
        while (retry.Delay is { } delay && waits.Count < attempts)
        {
            waits.Add(delay);
            if (!retry.CanRetry(fault, out retry))
            {
                break;
            }
        }
        return waits;
    }

    private sealed class ReconnectAttempt : BasePipeContext, PipeContext;
}
