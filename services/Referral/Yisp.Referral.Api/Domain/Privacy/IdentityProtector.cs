using System.Security.Cryptography;
using System.Text;

namespace Yisp.Referral.Domain.Privacy;

/// <summary>
/// The service's keys (AES-256-GCM). They seal each referral's own data key (envelope encryption:
/// <see cref="DataKey"/>); values sealed directly under a service key (format v1, before data keys)
/// can still be opened until the re-sealing job has moved them. Each sealed value records the id of the
/// key that sealed it, so keys can be rotated: new writes use the active key, older keys open old rows
/// until re-sealing has moved them all (docs/privacy.md).
/// </summary>
public sealed class IdentityProtector
{
    private readonly IReadOnlyDictionary<string, byte[]> keys;

    public IdentityProtector(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        if (!keys.TryGetValue(activeKeyId, out var active) || active.Length != 32)
        {
            throw new ArgumentException($"The active key '{activeKeyId}' must be a 32-byte key.", nameof(activeKeyId));
        }
        if (keys.Keys.Any(id => !PrivacyOptions.IsKeyId(id)))
        {
            throw new ArgumentException("Key ids are letters, digits, '-' and '.' only.", nameof(keys));
        }
        this.keys = keys;
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => (IReadOnlyCollection<string>)keys.Keys;

    public bool Knows(string keyId) => keys.ContainsKey(keyId);

    /// <summary>Seals a referral's data key under the active service key, bound to that referral (a sealed key moved to another row does not open).</summary>
    public string SealDataKey(DataKey dataKey, Guid referralId) =>
        $"{ActiveKeyId}:{Convert.ToBase64String(Aead.Seal(keys[ActiveKeyId], dataKey.Bytes, DataKeyAssociated(ActiveKeyId, referralId)))}";

    public DataKey OpenDataKey(string sealedKey, Guid referralId)
    {
        var parts = sealedKey.Split(':', 2);
        if (parts.Length != 2 || !keys.TryGetValue(parts[0], out var key))
        {
            throw new CryptographicException("The data key was sealed with an unknown service key.");
        }
        return new DataKey(Aead.Open(key, Convert.FromBase64String(parts[1]), DataKeyAssociated(parts[0], referralId)));
    }

    /// <summary>The id of the service key a sealed data key names.</summary>
    public static string KeyIdOf(string sealedKey) => sealedKey.Split(':', 2)[0];

    /// <summary>Opens a value of the first format (v1: sealed directly under a service key, before each referral had its own data key).</summary>
    public string UnprotectLegacy(string protectedValue)
    {
        var parts = protectedValue.Split(':', 3);
        if (parts.Length != 3 || parts[0] != "v1" || !keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException("The value was sealed with an unknown key or format.");
        }
        return Encoding.UTF8.GetString(Aead.Open(key, Convert.FromBase64String(parts[2]), Encoding.UTF8.GetBytes($"yisp-referral-identity:{parts[1]}")));
    }

    /// <summary>Seals a value in the first format; only to show that rows written before data keys are still read and moved.</summary>
    public string ProtectLegacy(string plaintext) =>
        $"v1:{ActiveKeyId}:{Convert.ToBase64String(Aead.Seal(keys[ActiveKeyId], Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes($"yisp-referral-identity:{ActiveKeyId}")))}";

    public static bool IsLegacy(string sealedValue) => sealedValue.StartsWith("v1:", StringComparison.Ordinal);

    private static byte[] DataKeyAssociated(string keyId, Guid referralId) => Encoding.UTF8.GetBytes($"yisp-referral-data-key:{keyId}:{referralId:N}");
}
