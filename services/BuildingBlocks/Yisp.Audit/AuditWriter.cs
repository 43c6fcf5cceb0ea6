using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Yisp.Audit;

/// <summary>Entries waiting to be written, each with the caller that waits for its commit.</summary>
public sealed class AuditQueue
{
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Written)> channel =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource<AuditRecord>)>(new UnboundedChannelOptions { SingleReader = true });

    internal ChannelReader<(AuditEntry Entry, TaskCompletionSource<AuditRecord> Written)> Reader => channel.Reader;

    public async Task<AuditRecord> EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        await channel.Writer.WriteAsync((entry, written), cancellationToken);
        return await written.Task.WaitAsync(cancellationToken);
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
        catch (Exception) when (batch.Count > 1)
        {
            // One at a time, so an entry the database refuses fails only its own request.
            foreach (var item in batch)
            {
                await WriteOneAsync(item);
            }
        }
        catch (Exception ex)
        {
            LogFailed(ex, 1);
            batch[0].Written.TrySetException(ex);
        }
    }

    private async Task WriteOneAsync((AuditEntry Entry, TaskCompletionSource<AuditRecord> Written) item)
    {
        try
        {
            item.Written.TrySetResult((await trail.AppendBatchAsync([item.Entry], CancellationToken.None))[0]);
        }
        catch (Exception ex)
        {
            LogFailed(ex, 1);
            item.Written.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit records; their requests fail")]
    private partial void LogFailed(Exception exception, int count);
}
