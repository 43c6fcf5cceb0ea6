using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Yisp.Testing;

/// <summary>
/// Loopback ports for processes a test starts, and who holds them. A port is free when handed out, not when the process
/// binds it seconds later. Ports come from above the kernel's ephemeral range, so no other process's bind to port 0 and
/// no outgoing connection can take one meanwhile; each test process walks them from its own random start.
/// </summary>
public static class PortOwner
{
    private const int HighestPort = 65535;
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();
    private static readonly int Lowest = AboveEphemeralRange();
    private static int next = Random.Shared.Next(HighestPort - Lowest + 1);

    /// <summary>A loopback port free now and never handed out before by this process.</summary>
    public static int FreePort()
    {
        for (var tried = 0; tried <= HighestPort - Lowest; tried++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref next) % (uint)(HighestPort - Lowest + 1));
            if (HandedOut.TryAdd(port, true) && IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port left from {Lowest} to {HighestPort}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port above the range the kernel picks ephemeral ports from (Linux; elsewhere the top 4,000).</summary>
    private static int AboveEphemeralRange()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        var highestEphemeral = OperatingSystem.IsLinux() && File.Exists(Range)
            ? int.Parse(File.ReadAllText(Range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 61_535;
        return Math.Min(highestEphemeral + 1, 61_536); // at least 4,000 ports, even if the range reaches the top
    }

    /// <summary>Whether the process listens on the loopback port itself (Linux, from /proc; assumed elsewhere).</summary>
    public static bool Listens(int processId, int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }
        HashSet<string> listening;
        try
        {
            listening = ListeningSockets(port);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // no /proc to ask, as on other systems
        }
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd")
                .Any(fd => SocketOf(fd) is { } socket && listening.Contains(socket));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // the process has just exited
        }
    }

    /// <summary>The inodes ("socket:[n]") of IPv4 sockets listening on the port, from /proc/net/tcp (services bind 127.0.0.1 only).</summary>
    private static HashSet<string> ListeningSockets(int port)
    {
        const string Listen = "0A";
        var localPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[1].EndsWith(localPort, StringComparison.Ordinal) && fields[3] == Listen)
            .Select(fields => $"socket:[{fields[9]}]")
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string? SocketOf(string fileDescriptor)
    {
        try
        {
            return new FileInfo(fileDescriptor).LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed while we looked
        }
    }
}
