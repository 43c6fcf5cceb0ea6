using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Audit;
using Yisp.Data;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// The audit trail's appends from 1 to 64 concurrent requests: one writer commits whatever has queued, so
/// throughput should grow with concurrency rather than stop at one commit's worth. Ends by verifying the chain.
/// </summary>
public static class AuditBenchmark
{
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    public static async Task RunAsync()
    {
        Console.WriteLine($"== Audit trail appends, group commit ({Environment.ProcessorCount} cores) ==");
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var host = await TestServiceHost.StartAsync(TestSettings.For(database, virtualHost), builder =>
        {
            builder.AddDatabase(typeof(AuditBenchmark).Assembly);
            builder.AddAuditTrail();
        });
        var trail = host.Services.GetRequiredService<AuditTrail>();
        var entry = new AuditEntry("bench-client", "police", null, "referral", Guid.NewGuid().ToString(), "police",
            "GET /api/referrals/{id:guid}", "referral-intake", AuditOutcome.Allowed, null);

        LatencyStats? single = null;
        foreach (var callers in new[] { 1, 4, 16, 64 })
        {
            var stats = await ClosedLoopAsync(trail, entry, callers);
            single ??= stats;
            Console.WriteLine($"{callers,3} callers: {stats}  ({stats.PerSecond / single.PerSecond:F1}x one caller)");
        }
        var clock = Stopwatch.StartNew();
        var verification = await trail.VerifyAsync(CancellationToken.None);
        Console.WriteLine($"verified {verification.Records:N0} records in {clock.Elapsed.TotalSeconds:F1} s: {(verification.Intact ? "intact" : "NOT intact")}");
    }

    private static async Task<LatencyStats> ClosedLoopAsync(AuditTrail trail, AuditEntry entry, int callers)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (clock.Elapsed < Measure)
            {
                var started = Stopwatch.GetTimestamp();
                await trail.AppendAsync(entry, CancellationToken.None);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return LatencyStats.From(latencies, clock.Elapsed.TotalSeconds);
    }
}
