using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// POST /api/referrals straight to the referral service versus through the gateway, both run as
/// Release-built processes: latency at fixed request rates, then throughput with a fixed number of
/// callers. Every request stores a referral and its outbox event in one transaction. It isolates the gateway's
/// cost: the same child every time, no Idempotency-Key, no consumer running. For what a platform sustains with every
/// consumer at work, see <see cref="JourneyBenchmark"/>.
/// </summary>
public static class GatewayBenchmark
{
    private static readonly byte[] Body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        ReferralPayloads.Valid(riskFactors: ["family-conflict", "persistent-absence", "exclusion", "substance-misuse"]));

    private const int Rounds = 3;
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    /// <param name="throughputOnly">Skip the fixed-rate rounds: just the 32-caller throughput, direct and through the gateway.</param>
    public static async Task RunAsync(bool throughputOnly = false)
    {
        Console.WriteLine($"== POST /api/referrals: direct versus through the gateway ({Environment.ProcessorCount} cores; the gateway's own cost: one child, no consumers) ==");
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var referral = await ServiceProcess.StartAsync("services/Referral/Yisp.Referral.Api",
            await BenchPlatform.ServiceEnvironmentAsync(database, virtualHost));
        await using var gatewayDatabase = await TestDatabase.CreateAsync();
        await using var gateway = await BenchPlatform.GatewayAsync(referral, gatewayDatabase);
        using var http = BenchPlatform.Client();
        var direct = new Uri(referral.BaseAddress, "api/referrals");
        var viaGateway = new Uri(gateway.BaseAddress, "api/referrals");

        // Warm both paths until the JIT has settled (tiered compilation promotes hot code after a few seconds).
        await ClosedLoopAsync(http, direct, callers: 8, TimeSpan.FromSeconds(8));
        await ClosedLoopAsync(http, viaGateway, callers: 8, TimeSpan.FromSeconds(8));

        // Alternate the two paths in short rounds so drift on this shared machine hits both alike.
        foreach (var rate in throughputOnly ? [] : new[] { 200, 500, 1000 })
        {
            var added = new List<double>();
            for (var round = 1; round <= Rounds; round++)
            {
                var directStats = await FixedRateAsync(http, direct, rate, Round);
                var gatewayStats = await FixedRateAsync(http, viaGateway, rate, Round);
                added.Add(gatewayStats.P50Ms - directStats.P50Ms);
                Console.WriteLine($"{rate,5} req/s round {round}  direct : {directStats}");
                Console.WriteLine($"{rate,5} req/s round {round}  gateway: {gatewayStats}");
            }
            Console.WriteLine($"{rate,5} req/s  gateway adds at p50 (median of {Rounds} rounds): {added.Order().ElementAt(Rounds / 2):+0.00;-0.00} ms");
        }

        var directMax = await ClosedLoopAsync(http, direct, callers: 32, Measure);
        var gatewayMax = await ClosedLoopAsync(http, viaGateway, callers: 32, Measure);
        Console.WriteLine($"32 callers  direct : {directMax}");
        Console.WriteLine($"32 callers  gateway: {gatewayMax}");
        Console.WriteLine($"gateway keeps {gatewayMax.PerSecond / directMax.PerSecond:P0} of direct throughput");
    }

    private static Task<LatencyStats> FixedRateAsync(HttpClient http, Uri target, int perSecond, TimeSpan duration) =>
        LoadGenerator.FixedRateAsync(http, perSecond, duration, LoadGenerator.Post(target, _ => Body));

    private static Task<LatencyStats> ClosedLoopAsync(HttpClient http, Uri target, int callers, TimeSpan duration) =>
        LoadGenerator.ClosedLoopAsync(http, callers, duration, LoadGenerator.Post(target, _ => Body));
}
