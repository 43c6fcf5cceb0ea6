using Yisp.Data.Dialects;

namespace Yisp.Referral.Data;

/// <summary>The referral service's statements: portable SQL, run as-is on PostgreSQL and SQL Server.</summary>
public static class ReferralSql
{
    private const string Columns = """
        id, case_id, candidate_case_id, match_state, referring_agency, status, close_reason, screening_outcome,
        screening_reasons, screening_overridden, urgency, risk_factors, agencies_involved, age_at_referral,
        postcode_district, sealed_identity, received_at, updated_at, erased_at, version
        """;

    public const string Insert = $"""
        INSERT INTO referrals ({Columns})
        VALUES (@Id, @CaseId, @CandidateCaseId, @MatchState, @ReferringAgency, @Status, @CloseReason, @ScreeningOutcome,
                @ScreeningReasons, @ScreeningOverridden, @Urgency, @RiskFactors, @AgenciesInvolved, @AgeAtReferral,
                @PostcodeDistrict, @SealedIdentity, @ReceivedAt, @UpdatedAt, @ErasedAt, @Version)
        """;

    private const string WithKey = $"{Columns}, (SELECT k.sealed_key FROM referral_keys k WHERE k.referral_id = referrals.id) AS sealed_key";

    public const string FindById = $"SELECT {WithKey} FROM referrals WHERE id = @id";

    public const string FindByCase = $"SELECT {WithKey} FROM referrals WHERE case_id = @caseId";

    public const string InsertKey = """
        INSERT INTO referral_keys (referral_id, service_key_id, sealed_key, created_at)
        VALUES (@referralId, @serviceKeyId, @sealedKey, @createdAt)
        """;

    /// <summary>Optimistic concurrency: changes nothing unless the row is still at @expectedVersion.</summary>
    public const string Update = """
        UPDATE referrals
        SET case_id = @CaseId, candidate_case_id = @CandidateCaseId, match_state = @MatchState, status = @Status,
            close_reason = @CloseReason, screening_outcome = @ScreeningOutcome, screening_reasons = @ScreeningReasons,
            screening_overridden = @ScreeningOverridden, age_at_referral = @AgeAtReferral, postcode_district = @PostcodeDistrict,
            updated_at = @UpdatedAt, version = @Version
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string ConcernedParties = "SELECT DISTINCT referring_agency FROM referrals WHERE case_id = @caseId";

    public const string Search = """
        SELECT id, case_id, referring_agency, status, close_reason, screening_outcome, urgency, match_state, received_at, version
        FROM referrals
        WHERE (@status IS NULL OR status = @status)
          AND (@agency IS NULL OR referring_agency = @agency)
          AND (@from IS NULL OR received_at >= @from)
          AND (@to IS NULL OR received_at < @to)
        ORDER BY received_at DESC, id DESC
        OFFSET @offset ROWS FETCH NEXT @limit ROWS ONLY
        """;

    /// <summary>An agency's referrals changed after a cursor (time, then id) and before the settled instant, oldest change first.</summary>
    public const string ChangesByAgency = """
        SELECT id, case_id, status, close_reason, screening_outcome, match_state, received_at, updated_at, version
        FROM referrals
        WHERE referring_agency = @agency AND updated_at < @settled
          AND (updated_at > @afterAt OR (updated_at = @afterAt AND id > @afterId))
        ORDER BY updated_at, id
        OFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY
        """;

    public const string InsertCase =
        "INSERT INTO cases (id, status, opened_at, previous_case_id) VALUES (@id, 'open', @openedAt, @previousCaseId)";

    /// <summary>Closes the case once; its keys move to closed_case_keys so the child's next referral starts a new episode.</summary>
    public const string CloseCase = "UPDATE cases SET status = 'closed', closed_at = @closedAt WHERE id = @caseId AND status = 'open'";

    public const string KeepClosedKeys = """
        INSERT INTO closed_case_keys (key_hash, key_type, case_id, closed_at)
        SELECT key_hash, key_type, case_id, @closedAt FROM case_match_keys WHERE case_id = @caseId
        """;

    public const string ReleaseKeys = "DELETE FROM case_match_keys WHERE case_id = @caseId";

    public static string FindPreviousEpisode(ISqlDialect dialect) => $"""
        SELECT case_id FROM closed_case_keys WHERE {dialect.InList("key_hash", "hashes")}
        ORDER BY closed_at DESC OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY
        """;

    /// <summary>Every case, open or closed, one of whose keys is this one.</summary>
    public const string CasesOfKey = """
        SELECT case_id FROM case_match_keys WHERE key_hash = @hash
        UNION SELECT case_id FROM closed_case_keys WHERE key_hash = @hash
        """;

    public const string CaseStatus = "SELECT status FROM cases WHERE id = @caseId";

    public const string DeleteMatchKey = "DELETE FROM case_match_keys WHERE case_id = @CaseId AND key_type = @Type AND key_hash = @Hash";

    public const string DeleteClosedMatchKey = "DELETE FROM closed_case_keys WHERE case_id = @CaseId AND key_type = @Type AND key_hash = @Hash";

    /// <summary>A closed case's identifiers as corrected, so the child's next referral still finds this episode; a key it holds already is left.</summary>
    public const string InsertClosedMatchKey = """
        INSERT INTO closed_case_keys (key_hash, key_type, case_id, closed_at)
        SELECT @Hash, @Type, c.id, c.closed_at FROM cases c
        WHERE c.id = @CaseId AND c.closed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM closed_case_keys k WHERE k.case_id = @CaseId AND k.key_type = @Type AND k.key_hash = @Hash)
        """;

    public static string FindMatches(ISqlDialect dialect) =>
        $"SELECT key_type, key_hash, case_id FROM case_match_keys WHERE {dialect.InList("key_hash", "hashes")}";
}
