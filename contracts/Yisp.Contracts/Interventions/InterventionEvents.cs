namespace Yisp.Contracts.Interventions;

/// <summary>Consent for assessment arrived: the case is open for assessment.</summary>
public sealed record CaseOpenedForAssessment(Guid CaseId, DateTimeOffset OpenedAt);

/// <summary>A new assessment version: the derived facts (total, highest-need domains, the 0-4 rating per domain), never the notes or views.</summary>
public sealed record AssessmentRecorded(Guid CaseId, Guid AssessmentId, int Version, int Total, IReadOnlyList<string> HighestNeedDomains, DateTimeOffset RecordedAt,
    IReadOnlyDictionary<string, int>? DomainRatings = null);

/// <summary>An intervention of the support plan was assigned to its lead agency; that agency's adapter passes it on.</summary>
public sealed record InterventionAssigned(
    Guid CaseId, Guid InterventionId, string Type, string LeadAgency, DateOnly PlannedStart, DateOnly PlannedEnd, DateTimeOffset AssignedAt);

public sealed record InterventionStarted(Guid CaseId, Guid InterventionId, string LeadAgency, DateTimeOffset StartedAt);

public sealed record InterventionCompleted(Guid CaseId, Guid InterventionId, string LeadAgency, DateTimeOffset CompletedAt);

/// <summary>Stopped before completion: <paramref name="ReasonCode"/> is one of <see cref="StopReason.All"/>; <paramref name="Reason"/> is the practitioner's words.</summary>
public sealed record InterventionStopped(Guid CaseId, Guid InterventionId, string LeadAgency, string Reason, DateTimeOffset StoppedAt,
    string ReasonCode = StopReason.Other);

/// <summary>Consent no longer covers the lead agency (or the case): the intervention is on hold and nothing more is shared.</summary>
public sealed record InterventionSuspended(Guid CaseId, Guid InterventionId, string LeadAgency, DateTimeOffset SuspendedAt);

/// <summary>All consent was withdrawn: the whole case is on hold.</summary>
public sealed record CaseSuspended(Guid CaseId, DateTimeOffset SuspendedAt);

/// <summary>The case closed with an outcome: goals-achieved, partly-achieved, disengaged, moved-away, escalated, other.</summary>
public sealed record CaseClosed(Guid CaseId, string Outcome, DateTimeOffset ClosedAt);

/// <summary>The plan was reviewed; the next review is due at <paramref name="NextDue"/>.</summary>
public sealed record ReviewRecorded(Guid CaseId, Guid ReviewId, DateOnly ReviewedOn, DateTimeOffset NextDue, DateTimeOffset RecordedAt);

/// <summary>A case's review is overdue: raised once for each due date, however many replicas look.</summary>
public sealed record ReviewOverdue(Guid CaseId, DateTimeOffset DueAt);

/// <summary>The multi-agency panel decided on a case: support (with an Integrated Support Plan), refer-elsewhere or no-further-action.</summary>
public sealed record PanelDecisionRecorded(Guid CaseId, Guid MeetingId, string Decision, DateTimeOffset DecidedAt);

/// <summary>An agency recorded progress on an intervention; the note itself stays in the intervention service.</summary>
public sealed record InterventionProgressRecorded(Guid CaseId, Guid InterventionId, string Agency, DateTimeOffset RecordedAt);
