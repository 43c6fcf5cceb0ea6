using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Yisp.Identity;

/// <summary>
/// Authorization codes already exchanged, by SHA-256, until they expire: OpenIddict's degraded mode keeps no token
/// store, so this is what makes a code single use. Held in memory, so it covers one replica (a code from another
/// replica could not be decrypted here anyway: its encryption key is per process).
/// </summary>
public sealed class RedeemedCodes(TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> redeemed = new(StringComparer.Ordinal);
    private long nextPruneTicks;

    /// <summary>True the first time a code is presented; false for every later use.</summary>
    public bool TryRedeem(string code, DateTimeOffset? expires)
    {
        var now = clock.GetUtcNow();
        if (redeemed.Count >= MaxEntries || now.UtcTicks >= Interlocked.Read(ref nextPruneTicks))
        {
            Interlocked.Exchange(ref nextPruneTicks, now.AddMinutes(1).UtcTicks);
            foreach (var (key, until) in redeemed)
            {
                if (until <= now)
                {
                    redeemed.TryRemove(key, out _);
                }
            }
            if (redeemed.Count >= MaxEntries)
            {
                return false; // refuse rather than forget a code that may still be replayed
            }
        }
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
        return redeemed.TryAdd(id, expires ?? now.AddHours(1));
    }
}
