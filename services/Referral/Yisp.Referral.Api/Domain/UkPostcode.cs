using System.Text.RegularExpressions;

namespace Yisp.Referral.Domain;

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
}
