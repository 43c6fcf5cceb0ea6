namespace Yisp.Reporting.Data;

/// <summary>Portable statements of the event store and the read model.</summary>
public static class ReportingSql
{
    public const string ReadEvents = """
        SELECT position, message_id, event_type, occurred_at, payload FROM report_events
        WHERE position > @after ORDER BY position OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY
        """;

    /// <summary>
    /// Every change to the read model takes the next version first, so changes are numbered in the order they
    /// commit (the row stays locked until then) and a reader can ask for the rows changed since a version.
    /// </summary>
    public const string NextVersion = "UPDATE rm_state SET version = version + 1 WHERE id = 1";

    /// <summary>A rebuild starts a new generation: readers holding the old one load the read model afresh.</summary>
    public const string NextGeneration = "UPDATE rm_state SET generation = generation + 1, version = version + 1 WHERE id = 1";

    public const string State = "SELECT generation, version FROM rm_state WHERE id = 1";

    public static readonly string[] Tables = ["rm_reviews", "rm_assessments", "rm_interventions", "rm_cases", "rm_referrals"];

    public const string ReferralColumns = """
        referral_id, case_id, referring_agency, urgency, age_band, postcode_district, sex, received_at, screening_outcome, screened_at,
        ineligible_reason, joined_existing_case, closed_reason, closed_at, details_corrected_at
        """;

    public const string CaseColumns = """
        case_id, previous_case_id, consent_requested_at, consent_given_at, consent_refused_at, consent_withdrawn_at,
        panel_decided_at, panel_decision, first_intervention_at, closed_at, outcome
        """;

    public const string InterventionColumns =
        "intervention_id, case_id, intervention_type, lead_agency, assigned_at, started_at, completed_at, stopped_at, stop_reason, suspended_at";

    public const string AssessmentColumns = "assessment_id, case_id, assessment_version, total, ratings, recorded_at";

    public const string ReviewColumns = "case_id, due_at, overdue";
}
