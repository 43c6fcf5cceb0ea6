namespace Yisp.Intervention.Data;

/// <summary>What retention deletes of a case here: its free text. Ids, codes and dates stay, so audit chains and reporting figures do not change.</summary>
public static class ErasureSql
{
    /// <summary>One batch; the timeline's copy of a stop event carries the stop reason as written, so it goes too.</summary>
    public const string EraseCase = """
        UPDATE intervention_cases SET closure_summary = NULL, version = version + 1 WHERE case_id = @caseId;
        UPDATE assessments SET details = '{}' WHERE case_id = @caseId;
        UPDATE reviews SET details = '{}' WHERE case_id = @caseId;
        UPDATE interventions SET goals = '', stop_reason = NULL WHERE case_id = @caseId;
        UPDATE progress_notes SET note = '' WHERE case_id = @caseId;
        UPDATE panel_cases SET reasons = NULL WHERE case_id = @caseId;
        UPDATE case_timeline SET detail = '{}' WHERE case_id = @caseId AND kind = 'intervention-stopped';
        """;
}
