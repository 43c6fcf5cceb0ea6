using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Identity;

public enum ThrottleKind
{
    User,
    Client,
    Address,
}

public readonly record struct ThrottleKey(ThrottleKind Kind, string Value)
{
    public static ThrottleKey User(string userName) => new(ThrottleKind.User, userName.Length > 200 ? userName[..200] : userName);

    public static ThrottleKey Client(string clientId) => new(ThrottleKind.Client, clientId.Length > 200 ? clientId[..200] : clientId);

    /// <summary>The connection's address, or the forwarded one when a configured trusted proxy sent it (UseForwardedHeaders).</summary>
    public static ThrottleKey Address(HttpContext http) => new(ThrottleKind.Address, TrustedProxies.AddressBlock(http.Connection.RemoteIpAddress));
}

/// <summary>
/// Failures in a row per user name, client id and caller address, and how long each must wait before its next attempt
/// is even checked. A refused attempt is not checked, so it neither counts nor tells anything; the wait doubles with each
/// failure past the threshold (<see cref="SignInThrottleOptions"/>). In memory: each replica counts on its own.
/// </summary>
public sealed class SignInThrottle(IOptionsMonitor<SignInThrottleOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<ThrottleKey, Record> records = new();

    /// <summary>How long until every key may try again; zero when none is waiting.</summary>
    public TimeSpan RetryAfter(params ReadOnlySpan<ThrottleKey> keys)
    {
        var now = clock.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var key in keys)
        {
            if (records.TryGetValue(key, out var record) && record.LockedUntil - now is { } left && left > wait)
            {
                wait = left;
            }
        }
        return wait;
    }

    public void Failed(params ReadOnlySpan<ThrottleKey> keys)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        if (records.Count >= settings.MaxTrackedKeys)
        {
            Sweep(now, settings.ForgetAfter);
        }
        foreach (var key in keys)
        {
            var record = records.GetOrAdd(key, _ => new Record());
            lock (record)
            {
                if (now - record.LastFailure > settings.ForgetAfter)
                {
                    record.Failures = 0;
                }
                record.Failures++;
                record.LastFailure = now;
                var beyond = record.Failures - Threshold(settings, key.Kind);
                if (beyond >= 0)
                {
                    var delay = settings.FirstDelay * Math.Pow(2, Math.Min(beyond, 30));
                    record.LockedUntil = now + (delay < settings.MaxDelay ? delay : settings.MaxDelay);
                }
            }
        }
    }

    /// <summary>Right credentials: their holder starts again from nothing.</summary>
    public void Succeeded(params ReadOnlySpan<ThrottleKey> keys)
    {
        foreach (var key in keys)
        {
            records.TryRemove(key, out _);
        }
    }

    private static int Threshold(SignInThrottleOptions settings, ThrottleKind kind) => kind switch
    {
        ThrottleKind.User => settings.UserFailures,
        ThrottleKind.Client => settings.ClientFailures,
        _ => settings.AddressFailures,
    };

    private void Sweep(DateTimeOffset now, TimeSpan forgetAfter)
    {
        foreach (var (key, record) in records)
        {
            if (record.LockedUntil < now && now - record.LastFailure > forgetAfter)
            {
                records.TryRemove(key, out _);
            }
        }
    }

    private sealed class Record
    {
        public int Failures { get; set; }
        public DateTimeOffset LastFailure { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
    }
}
