using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Yisp.Audit;

/// <summary>Entries waiting to be written, each with the caller that waits for its commit.</summary>
public sealed class AuditQueue
{
    /// <summary>How long a request waits for its record before it fails (the database is down, say).</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    // Bounded: while the database is away, requests wait at the door instead of piling up in memory.
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Written)> channel =
        Channel.CreateBounded<(AuditEntry, TaskCompletionSource<AuditRecord>)>(new BoundedChannelOptions(10_000)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    internal ChannelReader<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Written)> Reader => channel.Reader;

    public async Task<AuditRecord> EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WriteTimeout);
        await channel.Writer.WriteAsync((entry, written), timeout.Token);
        return await written.Task.WaitAsync(timeout.Token);
    }

    internal void Complete() => channel.Writer.TryComplete();
}

/// <summary>
/// Writes queued entries in batches (group commit): whatever arrived while the last batch was being
/// written goes in the next one. A failed batch fails its callers' requests; nothing is dropped silently.
/// </summary>
public sealed partial class AuditWriter(AuditQueue queue, AuditTrail trail, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxBatch = 100; // see AuditSql.InsertBatch

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Written)>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteAvailableAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Requests still in flight at shutdown are recorded before the process ends.
        queue.Complete();
        while (queue.Reader.TryPeek(out _))
        {
            await WriteAvailableAsync(batch);
        }
    }

    private async Task WriteAvailableAsync(List<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Written)> batch)
    {
        batch.Clear();
        while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            var records = await trail.AppendBatchAsync([.. batch.Select(b => b.Entry)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Written.TrySetResult(records[i]);
            }
        }
        catch (Exception ex)
        {
            // Entries are cut to their columns' sizes, so a failure is the database's, not one entry's: the batch fails together.
            LogFailed(ex, batch.Count);
            foreach (var (_, written) in batch)
            {
                written.TrySetException(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit records; their requests fail")]
    private partial void LogFailed(Exception exception, int count);
}
