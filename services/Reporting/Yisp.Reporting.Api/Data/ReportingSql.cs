namespace Yisp.Reporting.Data;

/// <summary>
/// Portable statements. The read model's writes are order-independent and idempotent ("ensure the row, then set
/// my columns"; firsts kept as the earliest, latests as the latest), so a live event, a redelivery or a replay
/// in any order leaves the same rows.
/// </summary>
public static class ReportingSql
{
    public const string AppendEvent = """
        INSERT INTO report_events (message_id, event_type, occurred_at, payload, stored_at)
        VALUES (@MessageId, @EventType, @OccurredAt, @Payload, @StoredAt)
        """;

    public const string ReadEvents = """
        SELECT position, message_id, event_type, occurred_at, payload FROM report_events
        WHERE position > @after ORDER BY position OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY
        """;

    public const string CountEvents = "SELECT COUNT(*) FROM report_events";

    public const string ClearReferrals = "DELETE FROM rm_referrals";
    public const string ClearCases = "DELETE FROM rm_cases";
    public const string ClearInterventions = "DELETE FROM rm_interventions";
    public const string ClearAssessments = "DELETE FROM rm_assessments";
    public const string ClearReviews = "DELETE FROM rm_reviews";

    public const string EnsureReferral =
        "INSERT INTO rm_referrals (referral_id) SELECT @id WHERE NOT EXISTS (SELECT 1 FROM rm_referrals WHERE referral_id = @id)";

    public const string EnsureCase =
        "INSERT INTO rm_cases (case_id) SELECT @id WHERE NOT EXISTS (SELECT 1 FROM rm_cases WHERE case_id = @id)";

    public const string EnsureIntervention = """
        INSERT INTO rm_interventions (intervention_id, case_id) SELECT @id, @caseId
        WHERE NOT EXISTS (SELECT 1 FROM rm_interventions WHERE intervention_id = @id)
        """;

    public const string ReferralReceived = """
        UPDATE rm_referrals SET referring_agency = @agency, urgency = @urgency, age_band = @ageBand, postcode_district = @district,
            sex = @sex, received_at = @at
        WHERE referral_id = @id
        """;

    public const string ReferralScreened = """
        UPDATE rm_referrals SET screening_outcome = @outcome, ineligible_reason = @reason, screened_at = @at
        WHERE referral_id = @id AND (screened_at IS NULL OR screened_at <= @at)
        """;

    public const string ReferralLinked = """
        UPDATE rm_referrals SET case_id = @caseId, joined_existing_case = @joined WHERE referral_id = @id
        """;

    public const string ReferralClosed = """
        UPDATE rm_referrals SET closed_reason = @reason, closed_at = @at WHERE referral_id = @id AND (closed_at IS NULL OR closed_at <= @at)
        """;

    public const string CasePrevious = "UPDATE rm_cases SET previous_case_id = @previous WHERE case_id = @id";

    /// <summary>Sets a case's first time of something: the earliest of all the events that say so.</summary>
    public static string CaseFirst(string column) =>
        $"UPDATE rm_cases SET {column} = @at WHERE case_id = @id AND ({column} IS NULL OR {column} > @at)";

    public const string PanelDecision = """
        UPDATE rm_cases SET panel_decided_at = @at, panel_decision = @decision
        WHERE case_id = @id AND (panel_decided_at IS NULL OR panel_decided_at > @at)
        """;

    public const string CaseClosed = "UPDATE rm_cases SET closed_at = @at, outcome = @outcome WHERE case_id = @id";

    public const string InterventionAssigned = """
        UPDATE rm_interventions SET intervention_type = @type, lead_agency = @agency, assigned_at = @at WHERE intervention_id = @id
        """;

    /// <summary>Sets when something happened to an intervention (started, completed, stopped, suspended): the earliest report of it.</summary>
    public static string InterventionFirst(string column) =>
        $"UPDATE rm_interventions SET {column} = @at, lead_agency = COALESCE(lead_agency, @agency) WHERE intervention_id = @id AND ({column} IS NULL OR {column} > @at)";

    public const string InsertAssessment = """
        INSERT INTO rm_assessments (assessment_id, case_id, assessment_version, total, ratings, recorded_at)
        SELECT @id, @caseId, @version, @total, @ratings, @at WHERE NOT EXISTS (SELECT 1 FROM rm_assessments WHERE assessment_id = @id)
        """;

    public const string EnsureReview = """
        INSERT INTO rm_reviews (case_id, due_at, overdue) SELECT @id, @due, @no
        WHERE NOT EXISTS (SELECT 1 FROM rm_reviews WHERE case_id = @id AND due_at = @due)
        """;

    public const string ReviewOverdue = "UPDATE rm_reviews SET overdue = @yes WHERE case_id = @id AND due_at = @due";

    public const string ReferralsReceivedBetween = """
        SELECT referral_id, case_id, referring_agency, urgency, age_band, postcode_district, sex, received_at, screening_outcome,
            ineligible_reason, joined_existing_case, closed_reason, closed_at
        FROM rm_referrals WHERE received_at >= @from AND received_at < @to
        """;

    public const string AllReferrals = """
        SELECT referral_id, case_id, referring_agency, urgency, age_band, postcode_district, sex, received_at, screening_outcome,
            ineligible_reason, joined_existing_case, closed_reason, closed_at
        FROM rm_referrals WHERE received_at IS NOT NULL
        """;

    public const string AllCases = """
        SELECT case_id, previous_case_id, consent_requested_at, consent_given_at, consent_refused_at, consent_withdrawn_at,
            panel_decided_at, panel_decision, first_intervention_at, closed_at, outcome
        FROM rm_cases
        """;

    public const string AllInterventions = """
        SELECT intervention_id, case_id, intervention_type, lead_agency, assigned_at, started_at, completed_at, stopped_at, suspended_at
        FROM rm_interventions
        """;

    public const string AllAssessments = "SELECT assessment_id, case_id, assessment_version, total, ratings, recorded_at FROM rm_assessments";

    public const string AllReviews = "SELECT case_id, due_at, overdue FROM rm_reviews";
}
