using System.Collections.Concurrent;
using MassTransit;
using Yisp.Contracts.Consent;
using Yisp.Testing;

namespace Yisp.Intervention.Tests;

/// <summary>
/// The consent service's fast check on a test's virtual host: yes to every agency and purpose except what the
/// test withdrew here (the consent service's own answer, ahead of any event reaching the intervention service).
/// </summary>
public sealed class ConsentStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, bool> withdrawn = new();
    private readonly IBusControl bus;

    private ConsentStandIn(TestVirtualHost virtualHost) => bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
    {
        rabbit.Host(virtualHost.Broker.Host, (ushort)virtualHost.Broker.Port, virtualHost.Name, host =>
        {
            host.Username(virtualHost.Broker.Username);
            host.Password(virtualHost.Broker.Password);
        });
        rabbit.ReceiveEndpoint($"test-consent-check-{Guid.NewGuid():N}", endpoint =>
        {
            endpoint.AutoDelete = true;
            endpoint.Durable = false;
            endpoint.Handler<CheckConsent>(context => context.RespondAsync(new ConsentCheckResult(context.Message.CaseId, context.Message.Agency,
                context.Message.Purpose, !withdrawn.ContainsKey(context.Message.CaseId), null)));
        });
    });

    public static async Task<ConsentStandIn> StartAsync(TestVirtualHost virtualHost)
    {
        var standIn = new ConsentStandIn(virtualHost);
        await standIn.bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await Eventually.TrueAsync(() => standIn.bus.CheckHealth().Status == BusHealthStatus.Healthy, "the consent stand-in is connected");
        return standIn;
    }

    /// <summary>From now on the check says no for every purpose of the case.</summary>
    public void Withdraw(Guid caseId) => withdrawn[caseId] = true;

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
