namespace Yisp.Contracts.Interventions;

/// <summary>
/// A statutory agency reported that a child on a case is now in its statutory work: open to children's social care (child in
/// need, child protection) or in the youth justice system. Prevention has become a statutory matter; the case is flagged for
/// the panel. Codes only: the agency's own record stays with the agency.
/// </summary>
public sealed record StatutoryInvolvementReported(Guid CaseId, Guid FlagId, string Agency, string Code, DateTimeOffset ReportedAt);

/// <summary>The codes each statutory agency reports with.</summary>
public static class StatutoryInvolvement
{
    public const string ChildInNeed = "child-in-need";
    public const string ChildProtection = "child-protection";

    public const string OutOfCourtDisposal = "out-of-court-disposal";
    public const string Charged = "charged";
    public const string CourtOrder = "court-order";
    public const string Custody = "custody";

    /// <summary>What children's social care reports: the child is open to it under one of these.</summary>
    public static readonly IReadOnlySet<string> SocialCareCodes = new HashSet<string>(StringComparer.Ordinal) { ChildInNeed, ChildProtection };

    /// <summary>What the youth offending team reports: how the child entered the youth justice system.</summary>
    public static readonly IReadOnlySet<string> YouthJusticeCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        OutOfCourtDisposal, Charged, CourtOrder, Custody,
    };
}
