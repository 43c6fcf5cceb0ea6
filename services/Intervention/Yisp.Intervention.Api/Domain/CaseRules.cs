namespace Yisp.Intervention.Domain;

public static class CaseStatus
{
    public const string Assessment = "assessment";
    public const string Support = "support";
    public const string Closed = "closed";
}

public static class InterventionStatus
{
    public const string Planned = "planned";
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Stopped = "stopped";

    private static readonly Dictionary<string, string[]> Next = new(StringComparer.Ordinal)
    {
        [Planned] = [Active, Stopped],
        [Active] = [Completed, Stopped],
        [Completed] = [],
        [Stopped] = [],
    };

    public static bool CanMove(string from, string to) => Next.TryGetValue(from, out var next) && next.Contains(to);
}

public static class CaseOutcome
{
    /// <summary>The outcome that hands the case over to statutory services (children's social care hears, and may fetch the handover).</summary>
    public const string EscalatedToStatutoryServices = "escalated-to-statutory-services";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "goals-achieved", "partly-achieved", "disengaged", "moved-away", EscalatedToStatutoryServices, "other",
    };
}

/// <summary>What an Onset-style assessment yields beyond its ratings.</summary>
public sealed record AssessmentScore(int Total, IReadOnlyList<string> HighestNeedDomains);

public static class AssessmentRules
{
    public const int MaxRating = 4;

    /// <summary>The total of the ratings, and the domains rated highest (when that is 2 or more: lower is not a need to plan for).</summary>
    public static AssessmentScore Score(IReadOnlyDictionary<string, int> ratings)
    {
        var highest = ratings.Count == 0 ? 0 : ratings.Values.Max();
        return new AssessmentScore(ratings.Values.Sum(),
            highest < 2 ? [] : [.. ratings.Where(r => r.Value == highest).Select(r => r.Key).Order(StringComparer.Ordinal)]);
    }
}
