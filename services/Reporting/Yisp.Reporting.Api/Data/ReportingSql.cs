namespace Yisp.Reporting.Data;

/// <summary>Portable statements (snake_case, no vendor functions); the SQL Server check parses each of them.</summary>
public static class ReportingSql
{
    public const string Insert = """
        INSERT INTO reporting_items (id, case_id, title, notes, status, close_reason, created_at, version)
        VALUES (@Id, @CaseId, @Title, @Notes, @Status, @CloseReason, @CreatedAt, @Version)
        """;

    public const string FindById = """
        SELECT id, case_id, title, notes, status, close_reason, created_at, version FROM reporting_items WHERE id = @id
        """;

    public const string Update = """
        UPDATE reporting_items SET status = @Status, close_reason = @CloseReason, version = @Version
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string CloseOpenForCase = """
        UPDATE reporting_items SET status = 'closed', close_reason = @reason, version = version + 1
        WHERE case_id = @caseId AND status = 'open'
        """;
}
