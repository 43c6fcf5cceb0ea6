using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Yisp.Messaging;

/// <summary>
/// Can this replica reach the broker? An unreachable broker makes the service Degraded, not
/// Unhealthy: writes still succeed and their events wait in the outbox, so an orchestrator should keep
/// sending requests here (see docs/decisions/0005).
/// </summary>
public sealed class BrokerHealthCheck(IOptions<MessagingOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(options.Value.Host, options.Value.Port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Degraded("The broker is unreachable; events wait in the outbox.");
        }
    }
}
