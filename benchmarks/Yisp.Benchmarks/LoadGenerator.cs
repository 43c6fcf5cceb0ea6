using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Yisp.Benchmarks;

/// <summary>POSTs JSON bodies at a fixed rate (open loop) or from a fixed number of callers (closed loop), timing each.</summary>
public static class LoadGenerator
{
    public static HttpClient Client() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });

    public static async Task<LatencyStats> FixedRateAsync(HttpClient http, Uri target, int perSecond, TimeSpan duration, Func<int, byte[]> body)
    {
        var latencies = new ConcurrentBag<double>();
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * perSecond);
            for (; sent < due; sent++)
            {
                inFlight.Add(TimedPostAsync(http, target, body(sent), latencies));
            }
            await Task.Delay(2);
        }
        await Task.WhenAll(inFlight);
        return LatencyStats.From(latencies, duration.TotalSeconds);
    }

    public static async Task<LatencyStats> ClosedLoopAsync(HttpClient http, Uri target, int callers, TimeSpan duration, Func<int, byte[]> body)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await TimedPostAsync(http, target, body(Interlocked.Increment(ref next)), latencies);
            }
        }));
        return LatencyStats.From(latencies, clock.Elapsed.TotalSeconds);
    }

    private static async Task TimedPostAsync(HttpClient http, Uri target, byte[] body, ConcurrentBag<double> latencies)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(target, content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {target} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
