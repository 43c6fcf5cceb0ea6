using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Yisp.Data.Dialects;

public sealed class SqlServerDialect : ISqlDialect
{
    private const int UniqueConstraintViolation = 2627;
    private const int UniqueIndexViolation = 2601;

    public DatabaseEngine Engine => DatabaseEngine.SqlServer;

    public string ClaimOutboxBatch => """
        SELECT TOP (@batchSize) id, message_type, payload, correlation_id, attempts
        FROM outbox_messages WITH (UPDLOCK, READPAST, ROWLOCK)
        WHERE sent_at IS NULL AND parked_at IS NULL AND next_attempt_at <= @now
        ORDER BY id
        """;

    // Dapper expands @ids into (@ids1, @ids2, ...): batches stay far below SQL Server's 2,100 parameters.
    public string MarkOutboxSent => $"UPDATE outbox_messages SET sent_at = @sentAt WHERE {InList("id", "ids")}";

    public string InsertInboxReceipt => """
        INSERT INTO inbox_messages (message_id, consumer, processed_at)
        SELECT @messageId, @consumer, @processedAt
        WHERE NOT EXISTS (
            SELECT 1 FROM inbox_messages WITH (UPDLOCK, HOLDLOCK)
            WHERE message_id = @messageId AND consumer = @consumer)
        """;

    public string AcquireSessionLock =>
        "EXEC sp_getapplock @Resource = @lockName, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1";

    public string ReleaseSessionLock => "EXEC sp_releaseapplock @Resource = @lockName, @LockOwner = 'Session'";

    public string InList(string column, string parameter) => $"{column} IN @{parameter}";

    public string LockingSelect(string columns, string table, string where) => $"SELECT {columns} FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {where}";

    public object IdList(IReadOnlyCollection<Guid> ids) => ids.ToArray();

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: UniqueConstraintViolation or UniqueIndexViolation };

    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);
}
