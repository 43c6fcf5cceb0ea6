using System.Collections.Concurrent;
using MassTransit;

namespace Yisp.Messaging.Outbox;

/// <summary>
/// The message types whose way to the broker (channel open, exchange declared) this process has already made, so that
/// publishes of them started together reach the broker in the order they started. Publishes of a type whose way is
/// not made yet all wait for it and then resume in any order. A (re)connection of the bus may be a new connection, so
/// it forgets them all; so does an hour's age (MassTransit remakes a type's way 24 hours after making it).
/// </summary>
public sealed class WarmRoutes(TimeProvider time) : IReceiveEndpointObserver
{
    private static readonly TimeSpan LongestKept = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, byte> types = new(StringComparer.Ordinal);
    private long keptSince;

    public bool IsMade(string messageType)
    {
        if (time.GetElapsedTime(Interlocked.Read(ref keptSince)) > LongestKept)
        {
            Forget();
        }
        return types.ContainsKey(messageType);
    }

    /// <summary>A publish of the type reached the broker.</summary>
    public void Made(string messageType)
    {
        if (types.IsEmpty)
        {
            Interlocked.Exchange(ref keptSince, time.GetTimestamp());
        }
        types.TryAdd(messageType, 0);
    }

    /// <summary>The broker refused or could not be reached: the next publish may make a new way.</summary>
    public void Forget() => types.Clear();

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
