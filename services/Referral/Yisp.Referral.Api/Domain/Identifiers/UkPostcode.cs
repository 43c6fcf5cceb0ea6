using System.Text.RegularExpressions;

namespace Yisp.Referral.Domain.Identifiers;

/// <summary>UK postcodes in the Royal Mail format, normalised to upper case with one space before the inward code.</summary>
public static partial class UkPostcode
{
    [GeneratedRegex(
        "^(GIR0AA|[A-PR-UWYZ]([0-9][0-9A-HJKPS-UW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)[0-9][ABD-HJLNP-UW-Z]{2})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Format();

    public static bool TryNormalise(string? input, out string normalised)
    {
        normalised = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 10)
        {
            return false;
        }
        var compact = string.Concat(input.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (!Format().IsMatch(compact))
        {
            return false;
        }
        normalised = $"{compact[..^3]} {compact[^3..]}";
        return true;
    }

    /// <summary>The outward code of a normalised postcode: "SW1A 1AA" is in district "SW1A".</summary>
    public static string District(string normalised) => normalised.Split(' ')[0];

    /// <summary>The district and the inward code's digit: "SW1A 1AA" is in sector "SW1A 1".</summary>
    public static string Sector(string normalised) => normalised[..^2];
}
