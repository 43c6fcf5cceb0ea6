using System.Globalization;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Education.Translation;

/// <summary>A pupil's attendance this school year: the percentage of possible sessions attended and the sessions missed.</summary>
public sealed record AttendanceFacts(decimal Percentage, int SessionsMissed);

/// <summary>A pupil's exclusions: how many (suspensions and permanent exclusions) and the school days lost to suspension.</summary>
public sealed record ExclusionFacts(int Count, decimal SuspensionDays);

/// <summary>
/// Attendance and exclusion facts as the platform's risk factors, by these thresholds:
/// <list type="bullet">
/// <item>attendance below <see cref="PersistentAbsenceBelow"/>% (the DfE's persistent absence: missing 10% or more of possible
/// sessions) → <c>persistent-absence</c>;</item>
/// <item>at least one exclusion or any day of suspension → <c>exclusion</c>.</item>
/// </list>
/// The facts themselves are added to the reasons as one line each, so the panel sees the figures behind the codes.
/// </summary>
public static class SchoolFacts
{
    public const decimal PersistentAbsenceBelow = 90m;

    public static IReadOnlyList<string> RiskFactors(AttendanceFacts? attendance, ExclusionFacts? exclusions)
    {
        var codes = new List<string>();
        if (attendance is { Percentage: < PersistentAbsenceBelow })
        {
            codes.Add(RiskFactorCodes.PersistentAbsence);
        }
        if (exclusions is { Count: > 0 } or { SuspensionDays: > 0 })
        {
            codes.Add(RiskFactorCodes.Exclusion);
        }
        return codes;
    }

    public static IEnumerable<string> Lines(AttendanceFacts? attendance, ExclusionFacts? exclusions)
    {
        if (attendance is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Attendance: {attendance.Percentage:0.#}% of possible sessions, {attendance.SessionsMissed} sessions missed.");
        }
        if (exclusions is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Exclusions: {exclusions.Count}, {exclusions.SuspensionDays:0.#} days of suspension.");
        }
    }

    /// <summary>The referral's reasons: the school's own words, then the facts; the risk factors it names are merged with those the facts give.</summary>
    public static (string Reasons, IReadOnlyList<string> RiskFactors) Combine(string? concerns, IReadOnlyList<string> named,
        AttendanceFacts? attendance, ExclusionFacts? exclusions)
    {
        var reasons = string.Join('\n', new[] { concerns }.Concat(Lines(attendance, exclusions)).Where(l => !string.IsNullOrWhiteSpace(l)));
        return (reasons, named.Concat(RiskFactors(attendance, exclusions)).Distinct(StringComparer.Ordinal).ToList());
    }
}
