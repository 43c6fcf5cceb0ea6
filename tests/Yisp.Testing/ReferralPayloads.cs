namespace Yisp.Testing;

/// <summary>Referral bodies as agency systems send them, valid unless a test changes a field.</summary>
public static class ReferralPayloads
{
    public static object Valid(
        string agency = "police",
        string givenName = "Sam",
        string familyName = "O'Neill",
        string dateOfBirth = "2014-05-01",
        string postcode = "M1 1AE",
        string? nhsNumber = null,
        string? upn = null,
        string[]? riskFactors = null,
        string[]? agenciesInvolved = null,
        string urgency = "routine") => new
        {
            referringAgency = agency,
            practitioner = new { name = "Alex Morgan", role = "Neighbourhood officer", email = "alex.morgan@agency.example", phone = "0161 496 0000" },
            child = new
            {
                givenName,
                familyName,
                otherNames = Array.Empty<string>(),
                dateOfBirth,
                sex = "male",
                address = new { line1 = "1 Example Street", town = "Manchester", postcode },
                school = "Example Primary",
                nhsNumber,
                upn,
            },
            parentsCarers = new[] { new { name = "Jo O'Neill", relationship = "mother", hasParentalResponsibility = true, phone = "07700 900000" } },
            reasons = "Seen with older peers involved in thefts; school reports escalating behaviour.",
            riskFactors = riskFactors ?? ["family-conflict", "persistent-absence"],
            agenciesInvolved = agenciesInvolved ?? ["education"],
            urgency,
        };

    /// <summary>A valid NHS number (modulus-11 check digit) made from a seed.</summary>
    public static string NhsNumber(int seed)
    {
        for (var candidate = (long)(Math.Abs(seed) % 900_000_000) + 100_000_000; ; candidate++)
        {
            var digits = candidate.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sum = digits.Select((d, i) => (d - '0') * (10 - i)).Sum();
            var check = 11 - (sum % 11);
            if (check == 11)
            {
                check = 0;
            }
            if (check != 10)
            {
                return digits + check;
            }
        }
    }
}
