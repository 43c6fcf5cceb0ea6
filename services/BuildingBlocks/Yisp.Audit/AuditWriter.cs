using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yisp.ServiceDefaults.Batching;

namespace Yisp.Audit;

/// <summary>Entries waiting to be written, each with the caller that waits for its commit.</summary>
public sealed class AuditQueue
{
    /// <summary>How long a request waits for its record before it fails (the database is down, say).</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    internal const int MaxBatch = 100; // see AuditSql.InsertBatch

    internal GroupCommit<AuditEntry, AuditRecord> Commits { get; } = new(MaxBatch);

    public Task<AuditRecord> EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        Commits.WriteAsync(entry, WriteTimeout, cancellationToken);
}

/// <summary>
/// Writes queued entries in batches (group commit): whatever arrived while the last batch was being
/// written goes in the next one. A failed batch fails its callers' requests; nothing is dropped silently.
/// Requests still in flight at shutdown are recorded before the process ends.
/// </summary>
public sealed partial class AuditWriter(AuditQueue queue, AuditTrail trail, ILogger<AuditWriter> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        queue.Commits.RunAsync(entries => trail.AppendBatchAsync(entries, CancellationToken.None), (ex, count) =>
        {
            // Entries are cut to their columns' sizes, so a failure is the database's, not one entry's: the batch fails together.
            LogFailed(ex, count);
            return false;
        }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit records; their requests fail")]
    private partial void LogFailed(Exception exception, int count);
}
