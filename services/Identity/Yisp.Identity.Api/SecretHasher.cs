using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Yisp.Identity;

/// <summary>PBKDF2-SHA256 hashes in the form <c>pbkdf2-sha256$iterations$salt$hash</c>, so configuration never holds a secret.</summary>
public static class SecretHasher
{
    private const string Scheme = "pbkdf2-sha256";
    public const int DefaultIterations = 600_000;

    public static string Hash(string secret, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string secret, string? stored)
    {
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            if (expected.Length != HashBytes)
            {
                return false;
            }
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Checked at start: a typo in configuration, or a hash too weak to resist guessing, must not become an
    /// open door. Needs a 16-byte salt, a 32-byte hash and at least <paramref name="minimumIterations"/>.
    /// </summary>
    public static bool IsWellFormed(string? stored, int minimumIterations)
    {
        if (stored?.Split('$') is not { Length: 4 } parts || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < minimumIterations)
        {
            return false;
        }
        var salt = new byte[64];
        var hash = new byte[64];
        return Convert.TryFromBase64String(parts[2], salt, out var saltLength) && saltLength >= 16
            && Convert.TryFromBase64String(parts[3], hash, out var hashLength) && hashLength == HashBytes;
    }

    /// <summary>
    /// Spends as long as checking a registered secret of <paramref name="iterations"/> rounds, so a missing
    /// user or client cannot be told from a wrong secret by timing.
    /// </summary>
    public static void VerifyNothing(string secret, int iterations) =>
        Verify(secret, DummyHashes.GetOrAdd(iterations, n => Hash("no such account", n)));

    /// <summary>The rounds a stored hash uses (0 when it is not one of ours).</summary>
    public static int IterationsOf(string? stored) =>
        stored?.Split('$') is { Length: 4 } parts && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private const int HashBytes = 32;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> DummyHashes = new();
}
