using System.Globalization;

namespace Yisp.Benchmarks;

/// <summary>CPU time and resident memory of a group of operating-system processes, read from /proc (Linux).</summary>
public sealed class ProcessUsage(string name, Func<IReadOnlyCollection<int>> processIds)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public string Name { get; } = name;

    /// <summary>User plus system CPU time of the processes, in milliseconds.</summary>
    public double CpuMilliseconds() => processIds().Sum(CpuMillisecondsOf);

    /// <summary>The proportional set: resident pages, each shared page divided among the processes that map it (runtime, framework).</summary>
    public double ProportionalMegabytes() => processIds().Sum(pid => ResidentKilobytesOf(pid, "Pss:", "smaps_rollup") / 1024.0);

    /// <summary>
    /// One process: its resident set. A group (PostgreSQL's backends share its buffers): the sum of proportional sets, so
    /// shared pages count once, not once per backend.
    /// </summary>
    public double ResidentMegabytes() => processIds() is { Count: 1 } one
        ? ResidentKilobytesOf(one.Single(), "VmRSS:", "status") / 1024.0
        : processIds().Sum(pid => ResidentKilobytesOf(pid, "Pss:", "smaps_rollup") / 1024.0);

    /// <summary>The processes whose parent is <paramref name="parent"/>, and the parent (a PostgreSQL postmaster and its backends).</summary>
    public static IReadOnlyCollection<int> WithChildren(int parent) =>
        [parent, .. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == parent)];

    /// <summary>The processes started with the environment variable set to the value (a RabbitMQ node by RABBITMQ_NODENAME).</summary>
    public static IReadOnlyCollection<int> WithEnvironment(string variable, string value) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Read(pid, "environ").Split('\0').Contains($"{variable}={value}", StringComparer.Ordinal))
            .ToList();

    private static double CpuMillisecondsOf(int pid)
    {
        var fields = StatFields(pid);
        return fields.Length < 15 ? 0 : (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 1000 / TicksPerSecond;
    }

    public static int ParentOf(int pid)
    {
        var fields = StatFields(pid);
        return fields.Length < 4 ? 0 : int.Parse(fields[3], CultureInfo.InvariantCulture);
    }

    // The command name (field 2) may hold spaces: split after its closing parenthesis.
    private static string[] StatFields(int pid)
    {
        var stat = Read(pid, "stat");
        var end = stat.LastIndexOf(')');
        return end < 0 ? [] : ["pid", "comm", .. stat[(end + 2)..].Split(' ')];
    }

    private static long ResidentKilobytesOf(int pid, string field, string file)
    {
        var line = Read(pid, file).Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static string Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (IOException)
        {
            return ""; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
