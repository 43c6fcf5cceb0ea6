using System.Threading.Channels;

namespace Yisp.ServiceDefaults.Batching;

/// <summary>
/// Group commit: callers queue items and wait; one writer takes whatever arrived while the last batch was being
/// written and writes it in one transaction, then answers each caller. Bounded, so while the database is away
/// callers wait at the door instead of piling up in memory; nothing is dropped silently.
/// </summary>
public sealed class GroupCommit<TItem, TResult>(int maxBatch, int capacity = 10_000)
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TResult> Done)> channel =
        Channel.CreateBounded<(TItem, TaskCompletionSource<TResult>)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    /// <summary>Queues an item and waits until the batch holding it is written (or has failed).</summary>
    public async Task<TResult> WriteAsync(TItem item, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await channel.Writer.WriteAsync((item, done), limit.Token);
        return await done.Task.WaitAsync(limit.Token);
    }

    /// <summary>
    /// The writer's loop, until <paramref name="stoppingToken"/>; items still queued then are written before it returns.
    /// <paramref name="write"/> answers the batch's items in order. When it throws, <paramref name="onFailure"/> decides:
    /// true retries each item of a batch of several on its own (so one bad item fails alone), false fails them all.
    /// </summary>
    public async Task RunAsync(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, Func<Exception, int, bool> onFailure,
        CancellationToken stoppingToken)
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(maxBatch);
        try
        {
            while (await channel.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteAvailableAsync(batch, write, onFailure);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        channel.Writer.TryComplete();
        while (channel.Reader.TryPeek(out _))
        {
            await WriteAvailableAsync(batch, write, onFailure);
        }
    }

    private async Task WriteAvailableAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch,
        Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, Func<Exception, int, bool> onFailure)
    {
        batch.Clear();
        while (batch.Count < maxBatch && channel.Reader.TryRead(out var queued))
        {
            batch.Add(queued);
        }
        if (batch.Count > 0)
        {
            await WriteBatchAsync(batch, write, onFailure);
        }
    }

    private static async Task WriteBatchAsync(IReadOnlyList<(TItem Item, TaskCompletionSource<TResult> Done)> batch,
        Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, Func<Exception, int, bool> onFailure)
    {
        try
        {
            var results = await write([.. batch.Select(b => b.Item)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception ex)
        {
            if (onFailure(ex, batch.Count) && batch.Count > 1)
            {
                foreach (var single in batch)
                {
                    await WriteBatchAsync([single], write, onFailure);
                }
                return;
            }
            foreach (var (_, done) in batch)
            {
                done.TrySetException(ex);
            }
        }
    }
}
