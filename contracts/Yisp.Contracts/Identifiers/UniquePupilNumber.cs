namespace Yisp.Contracts.Identifiers;

/// <summary>
/// Unique Pupil Number (DfE): 13 characters, a check letter then twelve characters. The check letter is
/// the sum of characters 2-13 times weights 2-13, modulo 23, as a letter of the alphabet without I, O, S.
/// Character 13 may itself be such a letter (temporary UPNs); it counts as its index in that alphabet.
/// </summary>
public static class UniquePupilNumber
{
    private const string CheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

    public static bool TryNormalise(string? input, out string normalised)
    {
        normalised = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }
        var upn = input.Trim().ToUpperInvariant();
        if (upn.Length != 13 || CheckLetters.IndexOf(upn[0], StringComparison.Ordinal) < 0 || !upn[1..12].All(char.IsAsciiDigit))
        {
            return false;
        }
        var last = char.IsAsciiDigit(upn[12]) ? upn[12] - '0' : CheckLetters.IndexOf(upn[12], StringComparison.Ordinal);
        if (last < 0)
        {
            return false;
        }
        var sum = last * 13;
        for (var position = 2; position <= 12; position++)
        {
            sum += (upn[position - 1] - '0') * position;
        }
        if (CheckLetters[sum % 23] != upn[0])
        {
            return false;
        }
        normalised = upn;
        return true;
    }
}
