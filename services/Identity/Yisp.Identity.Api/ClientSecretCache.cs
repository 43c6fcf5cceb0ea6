using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Yisp.Identity;

/// <summary>
/// Remembers client secrets already checked, by SHA-256, so a system asking for a token every few minutes
/// does not cost a slow PBKDF2 check each time. Client secrets are long and random, so SHA-256 of one is
/// as hard to reverse as the PBKDF2 hash; people's passwords are never cached. A changed registration
/// (another stored hash) misses the cache.
/// </summary>
public sealed class ClientSecretCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, bool> verified = new(StringComparer.Ordinal);

    public bool Verify(string clientId, string secret, string storedHash)
    {
        var key = clientId + "\n" + storedHash + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        if (verified.ContainsKey(key))
        {
            return true;
        }
        if (!SecretHasher.Verify(secret, storedHash))
        {
            return false;
        }
        if (verified.Count >= MaxEntries)
        {
            verified.Clear();
        }
        verified[key] = true;
        return true;
    }
}
