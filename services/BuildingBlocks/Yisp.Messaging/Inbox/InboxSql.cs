using Yisp.Data;
using Yisp.Data.Dialects;

namespace Yisp.Messaging.Inbox;

/// <summary>The inbox's statements.</summary>
public static class InboxSql
{
    public const string DeleteReceiptsBefore = "DELETE FROM inbox_messages WHERE processed_at < @cutoff";

    /// <summary>Records a message as handled by a consumer; affects one row only the first time. Params: @messageId, @consumer, @processedAt.</summary>
    public static string InsertReceipt(ISqlDialect dialect) => dialect.Engine == DatabaseEngine.SqlServer
        ? """
          INSERT INTO inbox_messages (message_id, consumer, processed_at)
          SELECT @messageId, @consumer, @processedAt
          WHERE NOT EXISTS (
              SELECT 1 FROM inbox_messages WITH (UPDLOCK, HOLDLOCK)
              WHERE message_id = @messageId AND consumer = @consumer)
          """
        : """
          INSERT INTO inbox_messages (message_id, consumer, processed_at)
          VALUES (@messageId, @consumer, @processedAt)
          ON CONFLICT DO NOTHING
          """;
}
