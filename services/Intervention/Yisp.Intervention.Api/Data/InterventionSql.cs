using Yisp.Data.Dialects;
namespace Yisp.Intervention.Data;

/// <summary>The intervention service's statements: portable SQL for PostgreSQL and SQL Server.</summary>
public static class InterventionSql
{
    public const string FindCase = """
        SELECT case_id, status, suspended, consented_purposes, consented_agencies, outcome, closure_summary, opened_at, closed_at, next_review_due, version
        FROM intervention_cases WHERE case_id = @caseId
        """;

    public const string InsertCase = """
        INSERT INTO intervention_cases (case_id, status, suspended, consented_purposes, consented_agencies, outcome, opened_at, closed_at, version, changed_at)
        VALUES (@CaseId, @Status, @Suspended, @ConsentedPurposes, @ConsentedAgencies, @Outcome, @OpenedAt, @ClosedAt, @Version, @ChangedAt)
        """;

    /// <summary>Cases whose consented agencies (a comma list) include one, by change after a cursor. @agency is "%,code,%".</summary>
    public const string SharedWith = """
        SELECT case_id, status, suspended, changed_at, version FROM intervention_cases
        WHERE CONCAT(',', consented_agencies, ',') LIKE @agency AND changed_at < @settled
          AND (changed_at > @afterAt OR (changed_at = @afterAt AND case_id > @afterId))
        ORDER BY changed_at, case_id
        OFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY
        """;

    public const string UpdateCase = """
        UPDATE intervention_cases
        SET status = @Status, suspended = @Suspended, consented_purposes = @ConsentedPurposes, consented_agencies = @ConsentedAgencies,
            outcome = @Outcome, closure_summary = @ClosureSummary, closed_at = @ClosedAt, next_review_due = @NextReviewDue, version = @Version,
            changed_at = @ChangedAt
        WHERE case_id = @CaseId AND version = @ExpectedVersion
        """;

    public const string FindInterventions = """
        SELECT id, case_id, intervention_type, lead_agency, goals, planned_start, planned_end, status, suspended, stop_reason, stop_reason_code, created_at, updated_at
        FROM interventions WHERE case_id = @caseId ORDER BY created_at, id
        """;

    public const string InsertIntervention = """
        INSERT INTO interventions (id, case_id, intervention_type, lead_agency, goals, planned_start, planned_end, status, suspended, stop_reason, stop_reason_code, created_at, updated_at)
        VALUES (@Id, @CaseId, @InterventionType, @LeadAgency, @Goals, @PlannedStart, @PlannedEnd, @Status, @Suspended, @StopReason, @StopReasonCode, @CreatedAt, @UpdatedAt)
        """;

    public const string UpdateIntervention = """
        UPDATE interventions SET status = @Status, suspended = @Suspended, stop_reason = @StopReason, stop_reason_code = @StopReasonCode, updated_at = @UpdatedAt WHERE id = @Id
        """;

    public const string NextAssessmentVersion =
        "SELECT COALESCE(MAX(assessment_version), 0) + 1 FROM assessments WHERE case_id = @caseId";

    public const string InsertAssessment = """
        INSERT INTO assessments (id, case_id, assessment_version, assessor, assessed_on, details, total, highest_need, recorded_at)
        VALUES (@Id, @CaseId, @AssessmentVersion, @Assessor, @AssessedOn, @Details, @Total, @HighestNeed, @RecordedAt)
        """;

    public const string InsertReview = """
        INSERT INTO reviews (id, case_id, reviewer, reviewed_on, details, recorded_at)
        VALUES (@Id, @CaseId, @Reviewer, @ReviewedOn, @Details, @RecordedAt)
        """;

    public const string DueOverdueReviews = """
        SELECT case_id FROM intervention_cases
        WHERE status = 'support' AND next_review_due < @now
          AND (overdue_raised_for IS NULL OR overdue_raised_for <> next_review_due)
        ORDER BY next_review_due OFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY
        """;

    /// <summary>Only one replica's update changes the row for a given due date: that replica raises it.</summary>
    public const string ClaimOverdueReview = """
        UPDATE intervention_cases SET overdue_raised_for = next_review_due
        WHERE case_id = @caseId AND status = 'support' AND next_review_due < @now
          AND (overdue_raised_for IS NULL OR overdue_raised_for <> next_review_due)
        """;

    public const string FindDueDate = "SELECT next_review_due FROM intervention_cases WHERE case_id = @caseId";

    public const string InsertProgressNote = """
        INSERT INTO progress_notes (id, intervention_id, case_id, agency, recorded_by, note, recorded_at)
        VALUES (@Id, @InterventionId, @CaseId, @Agency, @RecordedBy, @Note, @RecordedAt)
        """;

    public const string FindProgressNotes = """
        SELECT id, agency, recorded_by, note, recorded_at FROM progress_notes
        WHERE case_id = @caseId AND intervention_id = @interventionId ORDER BY recorded_at, id
        """;

    public const string FindAssessments = """
        SELECT id, case_id, assessment_version, assessor, assessed_on, details, total, highest_need, recorded_at
        FROM assessments WHERE case_id = @caseId ORDER BY assessment_version
        """;

    public const string InsertTimelineEntry = """
        INSERT INTO case_timeline (id, case_id, occurred_at, kind, purpose, agency, intervention_id, detail)
        VALUES (@Id, @CaseId, @OccurredAt, @Kind, @Purpose, @Agency, @InterventionId, @Detail)
        """;

    /// <summary>The purposes filter is how consent reaches the query: a line outside them is never read.</summary>
    public static string FindTimeline(ISqlDialect dialect) => $"""
        SELECT id, occurred_at, kind, purpose, agency, intervention_id, detail FROM case_timeline
        WHERE case_id = @caseId AND {dialect.InList("purpose", "purposes")}
        ORDER BY position OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY
        """;

    public const string InsertStatutoryFlag = """
        INSERT INTO statutory_flags (id, case_id, agency, code, agency_reference, reported_at)
        VALUES (@Id, @CaseId, @Agency, @Code, @AgencyReference, @ReportedAt)
        """;

    public const string FindStatutoryFlag = """
        SELECT id, case_id, agency, code, agency_reference, reported_at FROM statutory_flags WHERE agency = @agency AND agency_reference = @reference
        """;

    public const string FindStatutoryFlags = """
        SELECT id, case_id, agency, code, agency_reference, reported_at FROM statutory_flags WHERE case_id = @caseId ORDER BY reported_at, id
        """;
}
