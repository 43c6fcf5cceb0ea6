using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Yisp.Benchmarks;

/// <summary>Sends requests at a fixed rate (open loop) or from a fixed number of callers (closed loop), timing each.</summary>
public static class LoadGenerator
{
    public static Func<int, HttpRequestMessage> Post(Uri target, Func<int, byte[]> body) => n =>
    {
        var content = new ByteArrayContent(body(n));
        content.Headers.ContentType = new("application/json");
        return new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
    };

    public static async Task<LatencyStats> FixedRateAsync(HttpClient http, int perSecond, TimeSpan duration,
        Func<int, HttpRequestMessage> request, HttpStatusCode expected = HttpStatusCode.Created)
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
                inFlight.Add(TimedAsync(http, request(sent), expected, latencies));
            }
            await Task.Delay(2);
        }
        await Task.WhenAll(inFlight);
        return LatencyStats.From(latencies, duration.TotalSeconds);
    }

    public static async Task<LatencyStats> ClosedLoopAsync(HttpClient http, int callers, TimeSpan duration,
        Func<int, HttpRequestMessage> request, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await TimedAsync(http, request(Interlocked.Increment(ref next)), expected, latencies);
            }
        }));
        return LatencyStats.From(latencies, clock.Elapsed.TotalSeconds);
    }

    private static async Task TimedAsync(HttpClient http, HttpRequestMessage request, HttpStatusCode expected, ConcurrentBag<double> latencies)
    {
        using (request)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            if (response.StatusCode != expected)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            await response.Content.LoadIntoBufferAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
