namespace Yisp.Consent.Data;

/// <summary>The consent service's statements: portable SQL for PostgreSQL and SQL Server.</summary>
public static class ConsentSql
{
    public const string FindRequest = """
        SELECT case_id, agencies, required_parties, competence_judgement, status, close_reason, opened_at, version
        FROM consent_requests WHERE case_id = @caseId
        """;

    /// <summary>
    /// Takes the case's row lock (a no-op update is portable): every writer takes it first, so decisions,
    /// withdrawals and expiry on one case apply one after another and effective consent is never stale.
    /// </summary>
    public const string LockRequest = "UPDATE consent_requests SET version = version WHERE case_id = @caseId";

    public const string InsertRequest = """
        INSERT INTO consent_requests (case_id, agencies, required_parties, competence_judgement, status, close_reason, opened_at, version)
        VALUES (@CaseId, @Agencies, @RequiredParties, @CompetenceJudgement, @Status, @CloseReason, @OpenedAt, @Version)
        """;

    public const string UpdateRequest = """
        UPDATE consent_requests
        SET agencies = @Agencies, required_parties = @RequiredParties, competence_judgement = @CompetenceJudgement,
            status = @Status, close_reason = @CloseReason, version = @Version
        WHERE case_id = @CaseId AND version = @ExpectedVersion
        """;

    public const string FindDecisions = """
        SELECT id, case_id, party, purpose, agency, granted, withdrawal, recorded_by, method, document_reference, decided_at, expires_at
        FROM consent_decisions WHERE case_id = @caseId ORDER BY decided_at, id
        """;

    public const string InsertDecision = """
        INSERT INTO consent_decisions (id, case_id, party, purpose, agency, granted, withdrawal, recorded_by, method,
            document_reference, decided_at, expires_at, expiry_handled, reminder_sent)
        VALUES (@Id, @CaseId, @Party, @Purpose, @Agency, @Granted, @Withdrawal, @RecordedBy, @Method,
            @DocumentReference, @DecidedAt, @ExpiresAt, @ExpiryHandled, @ReminderSent)
        """;

    public const string FindEffective = "SELECT purpose, agency, expires_at FROM effective_consent WHERE case_id = @caseId";

    public const string DeleteEffective = "DELETE FROM effective_consent WHERE case_id = @caseId";

    public const string InsertEffective =
        "INSERT INTO effective_consent (case_id, purpose, agency, expires_at) VALUES (@CaseId, @Purpose, @Agency, @ExpiresAt)";

    /// <summary>The whole consent check: both the purpose and sharing with the agency must be in force.</summary>
    public const string Check = """
        SELECT purpose, agency, expires_at FROM effective_consent
        WHERE case_id = @caseId AND expires_at > @now
          AND ((purpose = @purpose AND agency = '') OR (purpose = 'sharing' AND agency = @agency))
        """;

    public const string DueExpiries = """
        SELECT id, case_id FROM consent_decisions
        WHERE granted = @yes AND withdrawal = @no AND expiry_handled = @no AND expires_at <= @now
        ORDER BY expires_at OFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY
        """;

    /// <summary>Only one replica's update changes the row: that replica raises the expiry, exactly once.</summary>
    public const string ClaimExpiry = "UPDATE consent_decisions SET expiry_handled = @yes WHERE id = @id AND expiry_handled = @no";

    public const string DueReminders = """
        SELECT id, case_id FROM consent_decisions
        WHERE granted = @yes AND withdrawal = @no AND reminder_sent = @no AND expires_at <= @remindFrom AND expires_at > @now
        ORDER BY expires_at OFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY
        """;

    public const string ClaimReminder = "UPDATE consent_decisions SET reminder_sent = @yes WHERE id = @id AND reminder_sent = @no";

    /// <summary>Retention: the case's free text goes (the competence judgement as written); ids, codes and dates stay.</summary>
    public const string EraseCase = "UPDATE consent_requests SET competence_judgement = NULL, version = version + 1 WHERE case_id = @caseId";
}
