namespace Yisp.Contracts.Identifiers;

/// <summary>NHS number: ten digits, the last a modulus-11 check digit over the first nine (weights 10 to 2).</summary>
public static class NhsNumber
{
    public static bool TryNormalise(string? input, out string normalised)
    {
        normalised = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }
        var digits = string.Concat(input.Where(c => c is not (' ' or '-')));
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }
        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }
        if (check == 10 || check != digits[9] - '0')
        {
            return false;
        }
        normalised = digits;
        return true;
    }
}
