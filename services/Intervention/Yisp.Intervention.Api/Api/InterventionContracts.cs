using System.Text.Json;

namespace Yisp.Intervention.Api;

public sealed record AssessmentRequest(
    string? Assessor, DateOnly? AssessedOn, Dictionary<string, int>? Ratings, Dictionary<string, List<string>>? ProtectiveFactors,
    string? ChildView, string? ParentView);

public sealed record InterventionRequest(string? Type, string? LeadAgency, List<string>? Goals, DateOnly? PlannedStart, DateOnly? PlannedEnd);

public sealed record InterventionChangeRequest(string? Reason, string? ReasonCode = null);

public sealed record ProgressNoteRequest(string? Agency, string? RecordedBy, string? Note);

public sealed record ProgressNoteView(Guid Id, string Agency, string RecordedBy, string Note, DateTimeOffset RecordedAt);

public sealed record ProgressRequest(Guid? InterventionId, string? Note);

public sealed record ReviewRequest(string? Reviewer, DateOnly? ReviewedOn, List<ProgressRequest>? Progress, string? PlanChanges);

public sealed record CloseCaseRequest(string? Outcome, string? Summary);

public sealed record InterventionView(Guid Id, string Type, string LeadAgency, IReadOnlyList<string> Goals, DateOnly PlannedStart,
    DateOnly PlannedEnd, string Status, bool Suspended, string? StopReason, string? StopReasonCode = null);

public sealed record AssessmentView(Guid Id, int Version, string Assessor, DateOnly AssessedOn, int Total, IReadOnlyList<string> HighestNeedDomains);

public sealed record CaseView(Guid CaseId, string Status, bool Suspended, IReadOnlyList<string> ConsentedPurposes,
    IReadOnlyList<string> ConsentedAgencies, string? Outcome, string? ClosureSummary, IReadOnlyList<InterventionView> Interventions,
    IReadOnlyList<AssessmentView> Assessments, DateTimeOffset? NextReviewDue, int Version, IReadOnlyList<StatutoryFlagView>? StatutoryFlags = null);

public sealed record ScheduleRequest(DateTimeOffset? ScheduledFor, List<Guid>? CaseIds);

public sealed record AttendeeRequest(string? Agency, string? Name, string? Role);

public sealed record AttendanceRequest(List<AttendeeRequest?>? Attendees);

public sealed record PanelDecisionRequest(Guid? CaseId, string? Decision, string? Reasons);

/// <param name="StatutoryFlags">What statutory agencies reported about the case's child: prevention may have become a statutory matter.</param>
public sealed record PanelCaseView(Guid CaseId, string? Decision, string? Reasons, DateTimeOffset? DecidedAt, IReadOnlyList<StatutoryFlagView>? StatutoryFlags = null);

public sealed record AttendeeView(string Agency, string Name, string Role);

public sealed record PanelView(Guid Id, DateTimeOffset ScheduledFor, IReadOnlyList<PanelCaseView> Cases, IReadOnlyList<AttendeeView> Attendance);

public sealed record TimelineEntryView(Guid Id, DateTimeOffset At, string Kind, string Purpose, string? Agency, Guid? InterventionId, JsonElement Detail);

public sealed record TimelinePage(IReadOnlyList<TimelineEntryView> Entries, int Page, int PageSize, bool HasMore);

public sealed record StatutoryReportRequest(string? Reference, string? Code);

/// <summary>A statutory agency's report on a case's child, as the panel sees it and as the agency is answered.</summary>
public sealed record StatutoryFlagView(Guid Id, Guid CaseId, string Agency, string Code, string Reference, DateTimeOffset ReportedAt);

/// <summary>The youth offending team's answer: the case is flagged, and who else works with the child (agencies leading interventions).</summary>
public sealed record YouthJusticeAnswer(StatutoryFlagView Flag, IReadOnlyList<string> WorkingWith);

public sealed record HandoverAssessment(int Version, DateOnly AssessedOn, int Total, IReadOnlyList<string> HighestNeedDomains,
    IReadOnlyDictionary<string, int> Ratings);

public sealed record HandoverIntervention(Guid Id, string Type, string LeadAgency, IReadOnlyList<string> Goals, DateOnly PlannedStart,
    DateOnly PlannedEnd, string Status, string? StopReasonCode);

public sealed record HandoverPanelDecision(string Decision, string? Reasons, DateTimeOffset? DecidedAt);

/// <summary>What statutory services take over from a case closed as escalated: the work done and its outcomes, no contact details or views.</summary>
public sealed record HandoverSummary(Guid CaseId, string Outcome, string? ClosureSummary, DateTimeOffset? ClosedAt,
    IReadOnlyList<HandoverAssessment> Assessments, IReadOnlyList<HandoverIntervention> Interventions, IReadOnlyList<HandoverPanelDecision> PanelDecisions);
