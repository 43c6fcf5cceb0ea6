using System.Collections.Concurrent;
using MassTransit;

namespace Yisp.Messaging.Outbox;

/// <summary>
/// The message types whose way to the broker (channel open, exchange declared) this process has already made, so that
/// publishes of them started together reach the broker in the order they started. Publishes of a type whose way is
/// not made yet all wait for it and then resume in any order. A (re)connection of the bus may be a new connection, so
/// it forgets them all. So does an hour's age: a margin of our own, as MassTransit may remake a type's way (its send
/// endpoint cache evicts) without telling anyone.
/// </summary>
public sealed class WarmRoutes(TimeProvider time) : IReceiveEndpointObserver
{
    private static readonly TimeSpan LongestKept = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, byte> types = new(StringComparer.Ordinal);
    private long keptSince;
    private long generation;

    /// <summary>Which connection's ways are kept: read before a publish, handed to <see cref="Made"/> after it.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public bool IsMade(string messageType)
    {
        if (time.GetElapsedTime(Interlocked.Read(ref keptSince)) > LongestKept)
        {
            Forget();
        }
        return types.ContainsKey(messageType);
    }

    /// <summary>
    /// A publish of the type, started in <paramref name="startedIn"/>, reached the broker. Not kept when the bus
    /// connected again meanwhile: the way it made may belong to the connection that went.
    /// </summary>
    public void Made(string messageType, long startedIn)
    {
        if (types.IsEmpty)
        {
            Interlocked.Exchange(ref keptSince, time.GetTimestamp());
        }
        types.TryAdd(messageType, 0);
        if (Generation != startedIn)
        {
            types.TryRemove(messageType, out _);
        }
    }

    /// <summary>The broker refused, could not be reached, or the bus connected again: the next publish may make a new way.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref generation);
        types.Clear();
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        Forget();
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        Forget();
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
}
