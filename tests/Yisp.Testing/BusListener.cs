using System.Collections.Concurrent;
using MassTransit;
using Yisp.ServiceDefaults.Correlation;

namespace Yisp.Testing;

/// <summary>A message as a listener received it, with the ids the platform stamped on it.</summary>
public sealed record Received<T>(Guid? MessageId, string? CorrelationId, T Message, long ReceivedTimestamp);

/// <summary>
/// An independent MassTransit bus on a test's virtual host that records every <typeparamref name="T"/>
/// published there: the test's stand-in for another service.
/// </summary>
public sealed class BusListener<T> : IAsyncDisposable where T : class
{
    private readonly IBusControl bus;
    private readonly ConcurrentQueue<Received<T>> received = new();

    private BusListener(TestVirtualHost virtualHost)
    {
        bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(virtualHost.Broker.Host, (ushort)virtualHost.Broker.Port, virtualHost.Name, host =>
            {
                host.Username(virtualHost.Broker.Username);
                host.Password(virtualHost.Broker.Password);
            });
            rabbit.ReceiveEndpoint($"test-listener-{typeof(T).Name}-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.PrefetchCount = 256;
                endpoint.Handler<T>(context =>
                {
                    received.Enqueue(new Received<T>(
                        context.MessageId, context.Headers.Get<string>(CorrelationContext.HeaderName), context.Message,
                        System.Diagnostics.Stopwatch.GetTimestamp()));
                    return Task.CompletedTask;
                });
            });
        });
    }

    public IReadOnlyCollection<Received<T>> Messages => received;

    public static async Task<BusListener<T>> StartAsync(TestVirtualHost virtualHost)
    {
        var listener = new BusListener<T>(virtualHost);
        await listener.bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await Eventually.TrueAsync(() => listener.bus.CheckHealth().Status == BusHealthStatus.Healthy, "the listener is connected");
        return listener;
    }

    public Task WaitForCountAsync(int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => received.Count >= count, $"{count} {typeof(T).Name} messages arrived (have {received.Count})", timeout);

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
