using Yisp.Data;

namespace Yisp.Intervention.Data;

public sealed class CaseRow : IVersionedRow
{
    public Guid CaseId { get; set; }
    public string Status { get; set; } = "";
    public bool Suspended { get; set; }
    public string ConsentedPurposes { get; set; } = "";
    public string ConsentedAgencies { get; set; } = "";
    public string? Outcome { get; set; }
    public string? ClosureSummary { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? NextReviewDue { get; set; }
    public int Version { get; set; }

    /// <summary>When the case last changed (its consent included): the order an agency lists the cases shared with it.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    public IReadOnlyList<string> Purposes => ConsentedPurposes.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public IReadOnlyList<string> Agencies => ConsentedAgencies.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A case as an agency lists the ones shared with it.</summary>
public sealed record SharedCase(Guid CaseId, string Status, bool Suspended, DateTimeOffset ChangedAt, int Version);

public sealed class InterventionRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string InterventionType { get; set; } = "";
    public string LeadAgency { get; set; } = "";
    public string Goals { get; set; } = "";
    public DateOnly PlannedStart { get; set; }
    public DateOnly PlannedEnd { get; set; }
    public string Status { get; set; } = "";
    public bool Suspended { get; set; }
    public string? StopReason { get; set; }
    public string? StopReasonCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> GoalList => Goals.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

public sealed class ProgressNoteRow
{
    public Guid Id { get; set; }
    public string Agency { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public string Note { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class AssessmentRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public int AssessmentVersion { get; set; }
    public string Assessor { get; set; } = "";
    public DateOnly AssessedOn { get; set; }
    public string Details { get; set; } = "";
    public int Total { get; set; }
    public string HighestNeed { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class ReviewRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string Reviewer { get; set; } = "";
    public DateOnly ReviewedOn { get; set; }
    public string Details { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class NewProgressNoteRow
{
    public Guid Id { get; set; }
    public Guid InterventionId { get; set; }
    public Guid CaseId { get; set; }
    public string Agency { get; set; } = "";
    public string RecordedBy { get; set; } = "";
    public string Note { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class TimelineRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Kind { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string? Agency { get; set; }
    public Guid? InterventionId { get; set; }
    public string Detail { get; set; } = "";
}

/// <summary>A statutory agency's report that the case's child is in its statutory work, keyed by the agency's own reference.</summary>
public sealed class StatutoryFlagRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string Agency { get; set; } = "";
    public string Code { get; set; } = "";
    public string AgencyReference { get; set; } = "";
    public DateTimeOffset ReportedAt { get; set; }
}
