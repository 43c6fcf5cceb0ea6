namespace Yisp.Referral.Data;

/// <summary>Statements of re-sealing and erasure: portable SQL, run as-is on PostgreSQL and SQL Server.</summary>
public static class PrivacySql
{
    /// <summary>Identities sealed straight under a service key (the first format), a batch at a time.</summary>
    public const string LegacyIdentities = """
        SELECT id, sealed_identity AS sealed FROM referrals WHERE sealed_identity LIKE @prefix
        ORDER BY id OFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY
        """;

    /// <summary>Changes nothing when another writer (a replica moving the row, a correction) replaced the identity first.</summary>
    public const string ReplaceSealedIdentity = "UPDATE referrals SET sealed_identity = @sealedIdentity WHERE id = @id AND sealed_identity = @previous";

    public const string KeysUnder = """
        SELECT referral_id AS id, sealed_key AS sealed FROM referral_keys WHERE service_key_id = @keyId
        ORDER BY referral_id OFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY
        """;

    /// <summary>Changes nothing when another replica re-sealed the key first.</summary>
    public const string ResealKey = """
        UPDATE referral_keys SET service_key_id = @serviceKeyId, sealed_key = @sealedKey
        WHERE referral_id = @referralId AND sealed_key = @previous
        """;

    public const string KeysByServiceKey = "SELECT service_key_id AS keyid, CAST(COUNT(*) AS BIGINT) AS count FROM referral_keys GROUP BY service_key_id";

    public const string LegacyCount = "SELECT CAST(COUNT(*) AS BIGINT) FROM referrals WHERE sealed_identity LIKE 'v1:%'";

    /// <summary>Closed referrals, not erased or held, closed long enough ago to be due and not known to be kept for longer.</summary>
    public const string RetentionCandidates = """
        SELECT id, case_id, referring_agency, updated_at AS closed_at, sealed_identity,
               (SELECT k.sealed_key FROM referral_keys k WHERE k.referral_id = referrals.id) AS sealed_key,
               (SELECT c.closed_at FROM cases c WHERE c.id = referrals.case_id AND c.status = 'closed') AS case_closed_at
        FROM referrals
        WHERE status = 'closed' AND erased_at IS NULL AND updated_at <= @closedBefore
          AND (retain_until IS NULL OR retain_until <= @now)
          AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = referrals.case_id)
        ORDER BY updated_at, id OFFSET 0 ROWS FETCH NEXT @limit ROWS ONLY
        """;

    public const string RetainUntil = "UPDATE referrals SET retain_until = @until WHERE id = @id";

    /// <summary>Takes the case's row lock, so the erasures of its last two referrals on two replicas cannot both miss that the case is now empty.</summary>
    public const string LockCase = "UPDATE cases SET status = status WHERE id = @caseId";

    /// <summary>The claim: changes nothing when another replica erased it first or a hold was set meanwhile. Ids, codes and dates stay.</summary>
    public const string EraseReferral = """
        UPDATE referrals
        SET sealed_identity = '', screening_reasons = '', erased_at = @now, updated_at = @now, version = version + 1
        WHERE id = @id AND erased_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = referrals.case_id)
        """;

    public const string DeleteKey = "DELETE FROM referral_keys WHERE referral_id = @id";

    /// <summary>A correction's history is sealed under the deleted data key; the rows go too.</summary>
    public const string DeleteCorrections = "DELETE FROM identity_corrections WHERE referral_id = @id";

    public const string InsertCorrection = """
        INSERT INTO identity_corrections (id, referral_id, corrected_at, corrected_by, fields_changed, sealed_details)
        VALUES (@Id, @ReferralId, @CorrectedAt, @CorrectedBy, @FieldsChanged, @SealedDetails)
        """;

    public const string CorrectionsOf = """
        SELECT id, referral_id, corrected_at, corrected_by, fields_changed, sealed_details
        FROM identity_corrections WHERE referral_id = @referralId ORDER BY corrected_at, id
        """;

    public const string UnerasedOfCase = "SELECT CAST(COUNT(*) AS BIGINT) FROM referrals WHERE case_id = @caseId AND erased_at IS NULL";

    public const string EraseCase = "UPDATE cases SET erased_at = @now WHERE id = @caseId AND erased_at IS NULL";

    public const string DeleteOpenMatchKeys = "DELETE FROM case_match_keys WHERE case_id = @caseId";

    public const string DeleteClosedMatchKeys = "DELETE FROM closed_case_keys WHERE case_id = @caseId";

    public const string CaseExists = "SELECT CAST(COUNT(*) AS BIGINT) FROM cases WHERE id = @caseId";

    public const string FindHold = "SELECT case_id, reason, set_by, set_at FROM legal_holds WHERE case_id = @caseId";

    public const string InsertHold = "INSERT INTO legal_holds (case_id, reason, set_by, set_at) VALUES (@CaseId, @Reason, @SetBy, @SetAt)";

    public const string UpdateHold = "UPDATE legal_holds SET reason = @Reason, set_by = @SetBy, set_at = @SetAt WHERE case_id = @CaseId";

    public const string DeleteHold = "DELETE FROM legal_holds WHERE case_id = @caseId";
}
