using System.Threading.Channels;

namespace Yisp.Messaging.Outbox;

/// <summary>Wakes the relay right after a commit that wrote outbox rows; many notifications collapse into one.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>Returns when notified, when the timeout passes or when cancelled, whichever is first; never throws.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            // Timed out, or the host is stopping: the caller's loop checks its token.
        }
    }
}
