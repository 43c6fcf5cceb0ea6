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
    public const string Insert = $"""
        INSERT INTO audit_log ({Columns}) VALUES (@Sequence, @RecordedAt, @ClientId, @Agency, @UserName, @ResourceType, @ResourceId,
            @OwnerAgency, @Action, @Purpose, @Outcome, @CorrelationId, @PreviousHash, @Hash)
        """;
    public const string MoveHead = "UPDATE audit_chain_head SET last_sequence = @Sequence, last_hash = @Hash, head_mac = @HeadMac WHERE id = 1";

    /// <summary>The batch's last record and the head that now points at it, in one round trip.</summary>
    public const string InsertLast = Insert + ";\n" + MoveHead;
    /// <summary>Up to the head read just before: records appended meanwhile belong to the next verification.</summary>
    public const string SelectUpTo = $"SELECT {Columns} FROM audit_log WHERE sequence <= @LastSequence ORDER BY sequence";
}
