using System.ComponentModel.DataAnnotations;

namespace Yisp.Referral.Domain.Privacy;

/// <summary>Service keys that seal each referral's data key. Rotation: add a key, make it active, let re-sealing move every data key, retire the old one.</summary>
public sealed class PrivacyOptions : IValidatableObject
{
    public const string Section = "Referral:Privacy";

    [Required]
    public string ActiveKeyId { get; set; } = "";

    /// <summary>Key id (letters, digits, '-' and '.') to base64 of 32 random bytes.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>How often the re-sealing job looks for data keys under a retired service key and identities sealed before data keys.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan ResealInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 10_000)]
    public int ResealBatchSize { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Keys.ContainsKey(ActiveKeyId))
        {
            yield return new ValidationResult($"Keys must contain the active key '{ActiveKeyId}'.", [nameof(Keys)]);
        }
        foreach (var (id, value) in Keys)
        {
            if (!IsKeyId(id))
            {
                yield return new ValidationResult($"Key id '{id}' may hold letters, digits, '-' and '.' only.", [nameof(Keys)]);
            }
            if (!IsKey(value, 32, exact: true))
            {
                yield return new ValidationResult($"Key '{id}' must be base64 of exactly 32 bytes.", [nameof(Keys)]);
            }
        }
    }

    public IReadOnlyDictionary<string, byte[]> DecodedKeys() => Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value));

    public static bool IsKeyId(string id) => id.Length is > 0 and <= 60 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    internal static bool IsKey(string value, int bytes, bool exact)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && (exact ? length == bytes : length >= bytes);
    }
}

/// <summary>The secret behind the matching hashes. Changing it orphans every stored match key.</summary>
public sealed class MatchingOptions : IValidatableObject
{
    public const string Section = "Referral:Matching";

    [Required]
    public string Secret { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PrivacyOptions.IsKey(Secret, 32, exact: false))
        {
            yield return new ValidationResult("Secret must be base64 of at least 32 bytes.", [nameof(Secret)]);
        }
    }
}
