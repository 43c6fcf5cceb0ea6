using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Yisp.Messaging.Faults;

/// <summary>
/// Messages waiting in this service's _error queues, as last counted: a gauge for dashboards and alerts, and a
/// Degraded health entry naming the queues, so an operator sees a parked message the minute it lands.
/// </summary>
public sealed class DeadLetters : IHealthCheck
{
    public const string MeterName = "Yisp.Messaging.DeadLetters";

    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public DeadLetters(IMeterFactory meterFactory) =>
        meterFactory.Create(MeterName).CreateObservableGauge("yisp.messaging.dead_letters",
            () => counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key))),
            description: "Messages waiting in an _error queue of this service for an operator.");

    public long Total => counts.Values.Sum();

    /// <returns>The count before this one.</returns>
    public long Record(string errorQueue, long count)
    {
        var before = counts.GetValueOrDefault(errorQueue);
        counts[errorQueue] = count;
        return before;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => (object)c.Value, StringComparer.Ordinal);
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Messages wait in _error queues for an operator.", data: waiting));
    }
}
