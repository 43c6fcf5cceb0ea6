using System.Security.Cryptography;
using System.Text;

namespace Yisp.Referral.Domain.Privacy;

/// <summary>
/// A referral's own key: its identity is sealed under it (format v2), and it is stored only sealed under a
/// service key. Deleting it is erasure: no copy of the sealed identity, in the database or a backup, opens again.
/// </summary>
public sealed class DataKey(byte[] bytes)
{
    private const string Format = "v2:";

    public byte[] Bytes { get; } = bytes.Length == 32 ? bytes : throw new ArgumentException("A data key is 32 bytes.", nameof(bytes));

    public static DataKey New() => new(RandomNumberGenerator.GetBytes(32));

    public string Seal(string plaintext, Guid referralId) => Seal(plaintext, Identity(referralId));

    public string Open(string sealedValue, Guid referralId) => Open(sealedValue, Identity(referralId));

    /// <summary>Seals another of the referral's values (a correction's history) bound to its own row, so it cannot stand in for the identity or another row.</summary>
    public string Seal(string plaintext, Guid referralId, Guid recordId) => Seal(plaintext, Record(referralId, recordId));

    public string Open(string sealedValue, Guid referralId, Guid recordId) => Open(sealedValue, Record(referralId, recordId));

    private string Seal(string plaintext, byte[] associated) =>
        Format + Convert.ToBase64String(Aead.Seal(Bytes, Encoding.UTF8.GetBytes(plaintext), associated));

    private string Open(string sealedValue, byte[] associated)
    {
        if (!sealedValue.StartsWith(Format, StringComparison.Ordinal))
        {
            throw new CryptographicException("The value is not sealed under a data key.");
        }
        return Encoding.UTF8.GetString(Aead.Open(Bytes, Convert.FromBase64String(sealedValue[Format.Length..]), associated));
    }

    private static byte[] Identity(Guid referralId) => Encoding.UTF8.GetBytes($"yisp-referral-identity:{referralId:N}");

    private static byte[] Record(Guid referralId, Guid recordId) => Encoding.UTF8.GetBytes($"yisp-referral-record:{referralId:N}:{recordId:N}");
}
