using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Yisp.Testing;

/// <summary>
/// Loopback ports for processes a test starts, and who holds them. A port is free when handed out, not when the process
/// binds it seconds later: another test's service may take it meanwhile and would then answer for ours.
/// </summary>
public static class PortOwner
{
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>A loopback port free now and never handed out before in this test run's process.</summary>
    public static int FreePort()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }
    }

    /// <summary>Whether the process listens on the loopback port itself (Linux, from /proc; assumed elsewhere).</summary>
    public static bool Listens(int processId, int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }
        var listening = ListeningSockets(port);
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

    /// <summary>The inodes ("socket:[n]") of IPv4 sockets listening on the port, from /proc/net/tcp.</summary>
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
