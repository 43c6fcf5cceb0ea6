using Xunit.Abstractions;

namespace Yisp.System.Tests;

/// <summary>Faults during a running burst of children's journeys, each ended and then reconciled: nothing may be lost.</summary>
[Collection(SystemCollection.Name)]
public sealed class FaultTests(SystemPlatform platform, ITestOutputHelper output)
{
    private readonly FaultBurst burst = new(platform, output);

    [Fact]
    public Task One_consent_replica_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("one consent replica killed -9",
        () => platform.Consent[0].KillAsync(), () => platform.Consent[0].RestartAsync());

    [Fact]
    public Task Both_consent_replicas_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("both consent replicas killed -9",
        () => Task.WhenAll(platform.Consent.Select(c => c.KillAsync())), () => Task.WhenAll(platform.Consent.Select(c => c.RestartAsync())));

    [Fact]
    public Task A_referral_replica_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("one referral replica killed -9",
        () => platform.Referral[1].KillAsync(), () => platform.Referral[1].RestartAsync());

    [Fact]
    public Task Both_intervention_replicas_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("both intervention replicas killed -9",
        () => Task.WhenAll(platform.Intervention.Select(c => c.KillAsync())), () => Task.WhenAll(platform.Intervention.Select(c => c.RestartAsync())));

    /// <summary>The shared broker cannot be stopped: every service reaches it through a proxy, and the proxies are cut.</summary>
    [Fact]
    public Task The_broker_cut_off_from_every_service_by_its_proxy_and_restored_loses_nothing() => burst.RunAsync("broker cut for every service (proxy)",
        () =>
        {
            platform.Broker.Cut();
            platform.ConsentBroker.Cut();
            return Task.CompletedTask;
        },
        () =>
        {
            platform.Broker.Restore();
            platform.ConsentBroker.Restore();
            return Task.CompletedTask;
        });

    [Fact]
    public Task The_broker_cut_off_from_the_consent_service_alone_and_restored_loses_nothing() => burst.RunAsync("broker cut for consent only (proxy)",
        () =>
        {
            platform.ConsentBroker.Cut();
            return Task.CompletedTask;
        },
        () =>
        {
            platform.ConsentBroker.Restore();
            return Task.CompletedTask;
        });

    /// <summary>PostgreSQL cut for every service, through the proxy in front of it, for longer than the consumers' retry schedule.</summary>
    [Fact]
    public Task The_database_cut_off_from_every_service_by_its_proxy_for_longer_than_the_retry_schedule_loses_nothing() =>
        burst.RunAsync("database cut for every service (proxy)",
            () =>
            {
                platform.Postgres.Cut();
                return Task.CompletedTask;
            },
            () =>
            {
                platform.Postgres.Restore();
                return Task.CompletedTask;
            });
}
