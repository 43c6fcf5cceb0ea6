using Xunit.Abstractions;
using Yisp.Testing;

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
        () => KillAllAsync(platform.Consent), () => RestartAllAsync(platform.Consent));

    [Fact]
    public Task A_referral_replica_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("one referral replica killed -9",
        () => platform.Referral[1].KillAsync(), () => platform.Referral[1].RestartAsync());

    [Fact]
    public Task Both_referral_replicas_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("both referral replicas killed -9",
        () => KillAllAsync(platform.Referral), () => RestartAllAsync(platform.Referral));

    [Fact]
    public Task An_intervention_replica_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("one intervention replica killed -9",
        () => platform.Intervention[0].KillAsync(), () => platform.Intervention[0].RestartAsync());

    [Fact]
    public Task Both_intervention_replicas_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("both intervention replicas killed -9",
        () => KillAllAsync(platform.Intervention), () => RestartAllAsync(platform.Intervention));

    [Fact]
    public Task The_reporting_service_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("reporting killed -9",
        () => platform.Reporting.KillAsync(), () => platform.Reporting.RestartAsync());

    /// <summary>Every agency's call fails while the gateway is down; the agencies call again and nothing is done twice.</summary>
    [Fact]
    public Task The_gateway_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("gateway killed -9",
        () => platform.Gateway.KillAsync(), () => platform.Gateway.RestartAsync());

    /// <summary>Tokens already issued keep working without the identity service; once it is back it issues new ones.</summary>
    [Fact]
    public Task The_identity_service_killed_and_restarted_mid_burst_loses_nothing() => burst.RunAsync("identity killed -9",
        () => platform.Identity.KillAsync(),
        async () =>
        {
            await platform.Identity.RestartAsync();
            using var newcomer = await platform.GatewayClientAsync(TestIdentity.AgencyClient("education"));
        });

    [Fact]
    public Task RabbitMQ_stopped_and_started_mid_burst_loses_nothing() => burst.RunAsync("RabbitMQ stopped and started",
        () => platform.Servers.StopRabbitMqAsync(), () => platform.Servers.StartRabbitMqAsync());

    /// <summary>Stopped for longer than the consumers' retry schedule: a message held through the outage must not be dead-lettered.</summary>
    [Fact]
    public Task PostgreSQL_stopped_and_started_mid_burst_loses_nothing() => burst.RunAsync("PostgreSQL stopped and started",
        () => platform.Servers.StopPostgresAsync(), () => platform.Servers.StartPostgresAsync(), outage: TimeSpan.FromSeconds(10));

    /// <summary>The network to the database gone (connections hang rather than close), for longer than the retry schedule.</summary>
    [Fact]
    public Task The_database_cut_off_from_every_service_by_its_proxy_and_restored_loses_nothing() => burst.RunAsync("database cut for every service (proxy)",
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

    /// <summary>One service alone loses the broker for 30 s while the rest of the platform carries on.</summary>
    [Fact]
    public Task The_broker_cut_off_from_the_consent_service_for_30_seconds_loses_nothing() => burst.RunAsync("broker cut for consent only (proxy)",
        () =>
        {
            platform.ConsentBroker.Cut();
            return Task.CompletedTask;
        },
        () =>
        {
            platform.ConsentBroker.Restore();
            return Task.CompletedTask;
        },
        outage: TimeSpan.FromSeconds(30));

    private static Task KillAllAsync(IEnumerable<ServiceProcess> replicas) => Task.WhenAll(replicas.Select(r => r.KillAsync()));

    private static Task RestartAllAsync(IEnumerable<ServiceProcess> replicas) => Task.WhenAll(replicas.Select(r => r.RestartAsync()));
}
