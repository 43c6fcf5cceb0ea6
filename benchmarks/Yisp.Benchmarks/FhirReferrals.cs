using System.Globalization;
using System.Text.Json.Nodes;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// FHIR transaction bundles as a GP system sends them, each about a different (fictional) child: its own NHS number
/// (modulus 11 valid), family name and date of birth, so every one makes a new referral rather than matching an earlier one.
/// </summary>
public static class FhirReferrals
{
    private static readonly DateOnly EarliestBirth = new(2013, 6, 1);

    public static byte[] Bundle(int n)
    {
        var bundle = FhirBundles.Valid();
        var patient = bundle.Resource(1);
        patient["identifier"]![0]!["value"] = NhsNumber(n);
        foreach (var name in patient["name"]!.AsArray())
        {
            name!["family"] = "Test" + Letters(n);
        }
        patient["birthDate"] = EarliestBirth.AddDays(n % 1_500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString());
    }

    /// <summary>
    /// A valid NHS number of its own for each n, from 900 000 000x: the first of the nine-digit stems 2n and 2n + 1 (after
    /// 900 000 000) whose check digit (11 - sum of digits times weights 10 to 2, mod 11) is not 10. Two stems apart by one
    /// have checks apart by two, so one of them always is.
    /// </summary>
    public static string NhsNumber(int n)
    {
        foreach (var stem in new[] { 900_000_000L + (2L * n), 900_000_000L + (2L * n) + 1 })
        {
            var digits = stem.ToString(CultureInfo.InvariantCulture);
            var sum = digits.Select((d, i) => (d - '0') * (10 - i)).Sum();
            var check = (11 - (sum % 11)) % 11;
            if (check != 10)
            {
                return digits + check.ToString(CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException("Unreachable: one of two neighbouring stems has a check digit.");
    }

    /// <summary>n in base 26 as lower-case letters: names take letters only.</summary>
    private static string Letters(int n)
    {
        var letters = "";
        do
        {
            letters = (char)('a' + (n % 26)) + letters;
            n /= 26;
        }
        while (n > 0);
        return letters;
    }
}
