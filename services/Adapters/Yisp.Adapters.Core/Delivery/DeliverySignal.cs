using System.Threading.Channels;

namespace Yisp.Adapters.Delivery;

/// <summary>Wakes the delivery worker (a delivery was queued, or an attempt finished); many notifications collapse into one.</summary>
public sealed class DeliverySignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>Returns when notified, after the timeout or when cancelled, whichever is first; never throws.</summary>
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
