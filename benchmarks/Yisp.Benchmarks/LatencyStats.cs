namespace Yisp.Benchmarks;

public sealed record LatencyStats(int Count, double Seconds, double P50Ms, double P99Ms, double P95Ms = double.NaN)
{
    public double PerSecond => Count / Seconds;

    public static LatencyStats From(IReadOnlyCollection<double> latenciesMs, double seconds)
    {
        var sorted = latenciesMs.Order().ToArray();
        return new LatencyStats(sorted.Length, seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), Percentile(sorted, 0.95));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public override string ToString() => $"{Count,7} requests  {PerSecond,8:F0}/s  p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms";
}
