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
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, 32);
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
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Validates the registrations at start: a typo in configuration must not become an open door.</summary>
    public static bool IsWellFormed(string? stored) =>
        stored?.Split('$') is { Length: 4 } parts && parts[0] == Scheme && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) && n > 0;
}
