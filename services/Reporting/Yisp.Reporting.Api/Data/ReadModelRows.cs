namespace Yisp.Reporting.Data;

public sealed class StoredEvent
{
    public long Position { get; set; }
    public Guid MessageId { get; set; }
    public string EventType { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Payload { get; set; } = "";
}

public sealed class ReferralFacts
{
    public Guid ReferralId { get; set; }
    public Guid? CaseId { get; set; }
    public string? ReferringAgency { get; set; }
    public string? Urgency { get; set; }
    public string? AgeBand { get; set; }
    public string? PostcodeDistrict { get; set; }
    public string? Sex { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ScreeningOutcome { get; set; }
    public DateTimeOffset? ScreenedAt { get; set; }
    public string? IneligibleReason { get; set; }
    public bool? JoinedExistingCase { get; set; }
    public string? ClosedReason { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

public sealed class CaseFacts
{
    public Guid CaseId { get; set; }
    public Guid? PreviousCaseId { get; set; }
    public DateTimeOffset? ConsentRequestedAt { get; set; }
    public DateTimeOffset? ConsentGivenAt { get; set; }
    public DateTimeOffset? ConsentRefusedAt { get; set; }
    public DateTimeOffset? ConsentWithdrawnAt { get; set; }
    public DateTimeOffset? PanelDecidedAt { get; set; }
    public string? PanelDecision { get; set; }
    public DateTimeOffset? FirstInterventionAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Outcome { get; set; }
}

public sealed class InterventionFacts
{
    public Guid InterventionId { get; set; }
    public Guid CaseId { get; set; }
    public string? InterventionType { get; set; }
    public string? LeadAgency { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? SuspendedAt { get; set; }
}

public sealed class AssessmentFacts
{
    public Guid AssessmentId { get; set; }
    public Guid CaseId { get; set; }
    public int AssessmentVersion { get; set; }
    public int Total { get; set; }
    public string? Ratings { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    private Dictionary<string, int>? ratingsByDomain;

    /// <summary>The domain ratings, parsed once.</summary>
    public IReadOnlyDictionary<string, int> RatingsByDomain =>
        ratingsByDomain ??= Ratings is null ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(Ratings) ?? [];
}

public sealed class ReviewFacts
{
    public Guid CaseId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public bool Overdue { get; set; }
}

/// <summary>Everything the figures are computed from.</summary>
public sealed record ReadModel(
    IReadOnlyCollection<ReferralFacts> Referrals,
    IReadOnlyCollection<CaseFacts> Cases,
    IReadOnlyCollection<InterventionFacts> Interventions,
    IReadOnlyCollection<AssessmentFacts> Assessments,
    IReadOnlyCollection<ReviewFacts> Reviews);
