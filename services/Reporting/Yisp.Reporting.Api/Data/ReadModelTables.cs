using Yisp.Data;

namespace Yisp.Reporting.Data;

/// <summary>The read model's tables: the rows they hold, their key, and how each row is written (with the version that wrote it).</summary>
public sealed record ReadModelTable<T>(string Name, string Key, string Columns, RowColumns<(T Row, long Version)> Insert)
{
    public string Select(string where) => $"SELECT {Columns} FROM {Name} WHERE {where}";
}

public static class ReadModelTables
{
    public static readonly ReadModelTable<ReferralFacts> Referrals = new("rm_referrals", "referral_id", ReportingSql.ReferralColumns, new("rm_referrals",
    [
        ("referral_id", x => x.Row.ReferralId), ("case_id", x => x.Row.CaseId), ("referring_agency", x => x.Row.ReferringAgency),
        ("urgency", x => x.Row.Urgency), ("age_band", x => x.Row.AgeBand), ("postcode_district", x => x.Row.PostcodeDistrict), ("sex", x => x.Row.Sex),
        ("received_at", x => x.Row.ReceivedAt), ("screening_outcome", x => x.Row.ScreeningOutcome), ("screened_at", x => x.Row.ScreenedAt),
        ("ineligible_reason", x => x.Row.IneligibleReason), ("joined_existing_case", x => x.Row.JoinedExistingCase),
        ("closed_reason", x => x.Row.ClosedReason), ("closed_at", x => x.Row.ClosedAt), ("details_corrected_at", x => x.Row.DetailsCorrectedAt),
        ("changed_version", x => x.Version),
    ]));

    public static readonly ReadModelTable<CaseFacts> Cases = new("rm_cases", "case_id", ReportingSql.CaseColumns, new("rm_cases",
    [
        ("case_id", x => x.Row.CaseId), ("previous_case_id", x => x.Row.PreviousCaseId), ("consent_requested_at", x => x.Row.ConsentRequestedAt),
        ("consent_given_at", x => x.Row.ConsentGivenAt), ("consent_refused_at", x => x.Row.ConsentRefusedAt),
        ("consent_withdrawn_at", x => x.Row.ConsentWithdrawnAt), ("panel_decided_at", x => x.Row.PanelDecidedAt), ("panel_decision", x => x.Row.PanelDecision),
        ("first_intervention_at", x => x.Row.FirstInterventionAt), ("closed_at", x => x.Row.ClosedAt), ("outcome", x => x.Row.Outcome),
        ("changed_version", x => x.Version),
    ]));

    public static readonly ReadModelTable<InterventionFacts> Interventions = new("rm_interventions", "intervention_id", ReportingSql.InterventionColumns,
        new("rm_interventions",
        [
            ("intervention_id", x => x.Row.InterventionId), ("case_id", x => x.Row.CaseId), ("intervention_type", x => x.Row.InterventionType),
            ("lead_agency", x => x.Row.LeadAgency), ("assigned_at", x => x.Row.AssignedAt), ("started_at", x => x.Row.StartedAt),
            ("completed_at", x => x.Row.CompletedAt), ("stopped_at", x => x.Row.StoppedAt), ("stop_reason", x => x.Row.StopReason), ("suspended_at", x => x.Row.SuspendedAt),
            ("changed_version", x => x.Version),
        ]));

    public static readonly ReadModelTable<AssessmentFacts> Assessments = new("rm_assessments", "assessment_id", ReportingSql.AssessmentColumns,
        new("rm_assessments",
        [
            ("assessment_id", x => x.Row.AssessmentId), ("case_id", x => x.Row.CaseId), ("assessment_version", x => x.Row.AssessmentVersion),
            ("total", x => x.Row.Total), ("ratings", x => x.Row.Ratings), ("recorded_at", x => x.Row.RecordedAt), ("changed_version", x => x.Version),
        ]));

    /// <summary>Keyed by case: a case's reviews are read and written together.</summary>
    public static readonly ReadModelTable<ReviewFacts> Reviews = new("rm_reviews", "case_id", ReportingSql.ReviewColumns, new("rm_reviews",
    [
        ("case_id", x => x.Row.CaseId), ("due_at", x => x.Row.DueAt), ("overdue", x => x.Row.Overdue), ("changed_version", x => x.Version),
    ]));
}
