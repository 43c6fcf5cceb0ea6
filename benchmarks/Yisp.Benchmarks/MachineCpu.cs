using System.Globalization;

namespace Yisp.Benchmarks;

/// <summary>
/// The whole machine's CPU time (/proc/stat, Linux), so a run can say what its measured processes do not account for:
/// other processes, the kernel, and time the hypervisor gave to other guests (steal): one way runs on a shared machine differ.
/// </summary>
public readonly record struct MachineCpu(double BusyMilliseconds, double StealMilliseconds, double TotalMilliseconds)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static MachineCpu Read()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user already)
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var steal = ticks.Length > 7 ? ticks[7] : 0;
        return new(Milliseconds(ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]), Milliseconds(steal), Milliseconds(ticks.Take(8).Sum()));
    }

    public static MachineCpu operator -(MachineCpu after, MachineCpu before) => new(after.BusyMilliseconds - before.BusyMilliseconds,
        after.StealMilliseconds - before.StealMilliseconds, after.TotalMilliseconds - before.TotalMilliseconds);

    public double BusyShare => TotalMilliseconds > 0 ? BusyMilliseconds / TotalMilliseconds : 0;

    public double StealShare => TotalMilliseconds > 0 ? StealMilliseconds / TotalMilliseconds : 0;

    private static double Milliseconds(long ticks) => ticks * 1000 / TicksPerSecond;
}
