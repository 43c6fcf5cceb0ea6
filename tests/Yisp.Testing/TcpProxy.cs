using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Yisp.Testing;

/// <summary>
/// A loopback TCP relay between a service and a server. <see cref="Cut"/> drops every connection and
/// refuses new ones, which to the service is the server going away; <see cref="Restore"/> brings it
/// back. Lets a test take the broker away from one service without stopping a broker others share.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<Guid, (TcpClient Inbound, TcpClient Outbound)> links = new();
    private TcpListener? listener;
    private CancellationTokenSource accepting = new();

    private TcpProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public int Port { get; private set; }

    public static TcpProxy Start(string targetHost, int targetPort)
    {
        var proxy = new TcpProxy(targetHost, targetPort);
        proxy.Listen(0);
        return proxy;
    }

    public void Cut()
    {
        accepting.Cancel();
        listener?.Stop();
        listener = null;
        foreach (var id in links.Keys)
        {
            Close(id);
        }
    }

    public void Restore()
    {
        accepting = new CancellationTokenSource();
        Listen(Port);
    }

    private void Listen(int port)
    {
        var next = new TcpListener(IPAddress.Loopback, port);
        next.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        next.Start();
        Port = ((IPEndPoint)next.LocalEndpoint).Port;
        listener = next;
        _ = AcceptAsync(next, accepting.Token);
    }

    private async Task AcceptAsync(TcpListener source, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await source.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(targetHost, targetPort, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            var id = Guid.NewGuid();
            links[id] = (inbound, outbound);
            _ = PumpAsync(id, inbound, outbound);
            _ = PumpAsync(id, outbound, inbound);
        }
    }

    private async Task PumpAsync(Guid id, TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
        }
        Close(id);
    }

    private void Close(Guid id)
    {
        if (links.TryRemove(id, out var link))
        {
            link.Inbound.Client.LingerState = new LingerOption(true, 0);
            link.Inbound.Dispose();
            link.Outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        accepting.Dispose();
        return ValueTask.CompletedTask;
    }
}
