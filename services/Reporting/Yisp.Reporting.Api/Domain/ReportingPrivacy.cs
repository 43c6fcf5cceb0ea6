using Yisp.Contracts.Interventions;
using Yisp.Contracts.Referrals;

namespace Yisp.Reporting.Domain;

/// <summary>
/// What of an event reporting keeps: free text is replaced by codes before anything is stored, so neither the
/// event store nor the read model can hold a name or a description written by a practitioner.
/// </summary>
public static class ReportingPrivacy
{
    public const string NotKept = "not-kept";

    public static object Strip(object message) => message switch
    {
        ReferralScreened screened => screened with { Reasons = [.. screened.Reasons.Select(ScreeningReason.Code).Distinct()] },
        InterventionStopped stopped => stopped with { Reason = NotKept },
        _ => message,
    };
}

/// <summary>Screening reasons as codes: age, area, threshold (too few agencies or risk factors), coordinator (a decision), met.</summary>
public static class ScreeningReason
{
    public static string Code(string reason) =>
        reason.StartsWith("aged ", StringComparison.Ordinal) ? "age"
        : reason.Contains("outside the panel's area", StringComparison.Ordinal) ? "area"
        : reason.StartsWith("coordinator", StringComparison.Ordinal) ? "coordinator"
        : reason.Contains("needed", StringComparison.Ordinal) ? "threshold"
        : reason is "age" or "area" or "threshold" or "coordinator" or "met" ? reason
        : "met";
}
