using Yisp.Data.Dialects;

namespace Yisp.Audit;

/// <summary>The trail's statements, portable between PostgreSQL and SQL Server.</summary>
public static class AuditSql
{
    internal const string Columns = """
        sequence, recorded_at, client_id, agency, user_name, resource_type, resource_id, owner_agency,
        action, purpose, outcome, correlation_id, previous_hash, hash
        """;

    private const string HeadColumns = "last_sequence AS LastSequence, last_hash AS LastHash, head_mac AS HeadMac";
    public const string ReadHead = $"SELECT {HeadColumns} FROM audit_chain_head WHERE id = 1";

    public static string LockAndReadHead(ISqlDialect dialect) => dialect.LockingSelect(HeadColumns, "audit_chain_head", "id = 1");

    /// <summary>
    /// A batch's records (parameters suffixed 0..count-1) and the head that now points at the last, in one
    /// round trip. Fourteen parameters a record keeps a batch of 100 under SQL Server's 2,100.
    /// </summary>
    public static string InsertBatch(int count) =>
        $"INSERT INTO audit_log ({Columns}) VALUES " + string.Join(",\n", Enumerable.Range(0, count).Select(i =>
            $"(@Sequence{i}, @RecordedAt{i}, @ClientId{i}, @Agency{i}, @UserName{i}, @ResourceType{i}, @ResourceId{i}, @OwnerAgency{i}, " +
            $"@Action{i}, @Purpose{i}, @Outcome{i}, @CorrelationId{i}, @PreviousHash{i}, @Hash{i})")) +
        ";\nUPDATE audit_chain_head SET last_sequence = @LastSequence, last_hash = @LastHash, head_mac = @HeadMac WHERE id = 1";

    public const string CountRecords = "SELECT COUNT(*) FROM audit_log";

    /// <summary>Up to the head read just before: records appended meanwhile belong to the next verification.</summary>
    public const string SelectUpTo = $"SELECT {Columns} FROM audit_log WHERE sequence <= @LastSequence ORDER BY sequence";
}
