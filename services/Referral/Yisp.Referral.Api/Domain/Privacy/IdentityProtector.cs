using System.Security.Cryptography;
using System.Text;

namespace Yisp.Referral.Domain.Privacy;

/// <summary>
/// Encrypts identifying data at rest with AES-256-GCM. Each value records the id of the key that
/// sealed it, so keys can be rotated: new writes use the active key, older keys still open old rows
/// (docs/referral-privacy.md describes rotation).
/// </summary>
public sealed class IdentityProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly IReadOnlyDictionary<string, byte[]> keys;
    private readonly string activeKeyId;

    public IdentityProtector(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        if (!keys.TryGetValue(activeKeyId, out var active) || active.Length != 32)
        {
            throw new ArgumentException($"The active key '{activeKeyId}' must be a 32-byte key.", nameof(activeKeyId));
        }
        if (keys.Keys.Any(id => id.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Key ids must not contain ':'.", nameof(keys));
        }
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    public string Protect(string plaintext)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + input.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[activeKeyId], TagSize);
        aes.Encrypt(nonce, input, sealedBytes.AsSpan(NonceSize, input.Length), sealedBytes.AsSpan(NonceSize + input.Length), Associated(activeKeyId));
        return $"v1:{activeKeyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    public string Unprotect(string protectedValue)
    {
        var parts = protectedValue.Split(':', 3);
        if (parts.Length != 3 || parts[0] != "v1" || !keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException("The value was sealed with an unknown key or format.");
        }
        var sealedBytes = Convert.FromBase64String(parts[2]);
        var length = sealedBytes.Length - NonceSize - TagSize;
        var output = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), output, Associated(parts[1]));
        return Encoding.UTF8.GetString(output);
    }

    public bool IsSealedWithActiveKey(string protectedValue) =>
        protectedValue.StartsWith($"v1:{activeKeyId}:", StringComparison.Ordinal);

    private static byte[] Associated(string keyId) => Encoding.UTF8.GetBytes($"yisp-referral-identity:{keyId}");
}
