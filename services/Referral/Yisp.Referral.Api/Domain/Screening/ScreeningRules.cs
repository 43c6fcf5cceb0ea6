using Yisp.Referral.Domain.Identifiers;

namespace Yisp.Referral.Domain.Screening;

public static class ScreeningOutcome
{
    public const string Eligible = "eligible";
    public const string Ineligible = "ineligible";
    public const string NeedsReview = "needs-review";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Eligible, Ineligible, NeedsReview };
}

/// <summary>The facts screening looks at: none of them identifies the child.</summary>
public sealed record ScreeningFacts(int AgeAtReferral, string PostcodeDistrict, int RiskFactorCount, int ConcernedParties, bool MatchPending);

public sealed record ScreeningResult(string Outcome, IReadOnlyList<string> Reasons);

/// <summary>
/// Screening as the pilots defined it: in the age range on the referral date, in the panel's area,
/// and either concern from enough agencies (linked referrals count) or enough risk factors.
/// </summary>
public static class ScreeningRules
{
    public static int AgeOn(DateOnly dateOfBirth, DateOnly day)
    {
        var age = day.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > day ? age - 1 : age;
    }

    public static ScreeningResult Screen(ScreeningFacts facts, ScreeningOptions rules)
    {
        var reasons = new List<string>();
        if (facts.AgeAtReferral < rules.MinimumAge || facts.AgeAtReferral > rules.MaximumAge)
        {
            reasons.Add($"aged {facts.AgeAtReferral}, outside {rules.MinimumAge} to {rules.MaximumAge}");
        }
        if (rules.PostcodeDistricts.Count > 0
            && !rules.PostcodeDistricts.Contains(facts.PostcodeDistrict, StringComparer.OrdinalIgnoreCase))
        {
            reasons.Add($"postcode district {facts.PostcodeDistrict} is outside the panel's area");
        }
        if (reasons.Count > 0)
        {
            return new ScreeningResult(ScreeningOutcome.Ineligible, reasons);
        }
        if (facts.MatchPending)
        {
            // Until a coordinator says which case this is, concern cannot be counted and consent has no case to attach to.
            return new ScreeningResult(ScreeningOutcome.NeedsReview, ["a possible existing case awaits a coordinator's decision"]);
        }
        if (facts.ConcernedParties >= rules.MinimumConcernedAgencies)
        {
            return new ScreeningResult(ScreeningOutcome.Eligible, [$"concern from {facts.ConcernedParties} agencies or carers"]);
        }
        if (facts.RiskFactorCount >= rules.MinimumRiskFactors)
        {
            return new ScreeningResult(ScreeningOutcome.Eligible, [$"{facts.RiskFactorCount} risk factors"]);
        }
        var shortfall = $"concern from {facts.ConcernedParties} of {rules.MinimumConcernedAgencies} agencies needed " +
                        $"and {facts.RiskFactorCount} of {rules.MinimumRiskFactors} risk factors needed";
        return new ScreeningResult(ScreeningOutcome.Ineligible, [shortfall]);
    }

    public static string DistrictOf(string normalisedPostcode) => UkPostcode.District(normalisedPostcode);
}
