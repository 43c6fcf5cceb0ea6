using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Yisp.Referral.Domain.Identifiers;

namespace Yisp.Referral.Domain.Matching;

public static class MatchKeyType
{
    public const string NhsNumber = "nhs";
    public const string Upn = "upn";
    public const string Demographic = "demographic";

    public static bool IsStrong(string type) => type is NhsNumber or Upn;
}

/// <summary>A keyed hash of one normalised identifier. Never leaves the referral service.</summary>
public sealed record MatchKey(string Type, string Hash);

/// <summary>The identifying facts matching looks at, already validated and normalised.</summary>
public sealed record MatchIdentity(string? NhsNumber, string? Upn, string GivenName, string FamilyName, DateOnly DateOfBirth, string PostcodeSector)
{
    /// <summary>The facts of a child as stored: validated, with identifiers and postcode normalised.</summary>
    public static MatchIdentity Of(Child child) => new(child.NhsNumber, child.Upn, child.GivenName!, child.FamilyName!, child.DateOfBirth!.Value,
        UkPostcode.Sector(child.Address!.Postcode!));
}

/// <summary>
/// Keyed hashes (HMAC-SHA256) of normalised identifiers: equal identifiers give equal keys, and
/// without the secret a key cannot be turned back into the identifier or guessed from one.
/// </summary>
public sealed class MatchKeyHasher(byte[] secret)
{
    public IReadOnlyList<MatchKey> KeysFor(MatchIdentity identity)
    {
        var keys = new List<MatchKey>(3);
        if (identity.NhsNumber is { } nhs)
        {
            keys.Add(Key(MatchKeyType.NhsNumber, nhs));
        }
        if (identity.Upn is { } upn)
        {
            keys.Add(Key(MatchKeyType.Upn, upn));
        }
        keys.Add(Key(MatchKeyType.Demographic, string.Join('|',
            NormaliseName(identity.GivenName), NormaliseName(identity.FamilyName),
            identity.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            identity.PostcodeSector.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())));
        return keys;
    }

    public MatchKey Key(string type, string value) =>
        new(type, Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{type}:{value}"))));

    /// <summary>Case, accents, spaces, apostrophes and hyphens do not make two names differ: "D'Arcy-Smith" = "darcy smith".</summary>
    public static string NormaliseName(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                kept.Append(char.ToLowerInvariant(c));
            }
        }
        return kept.ToString();
    }
}
