using FluentMigrator;
using Yisp.Data;
using Yisp.Data.Dialects;

namespace Yisp.Messaging.Migrations;

/// <summary>
/// The order rows were written in, which the relay publishes them in. Ids are version 7 UUIDs, ordered by the
/// millisecond but random within one, so a transaction's events (a case's notices) could go out of order. The unsent
/// rows indexed in that order: the relay's claim reads the front of the queue. Adding the column rewrites the table under
/// an exclusive lock (seconds for the week of sent rows kept) and numbers the rows already there in storage order: rows
/// still unsent at that moment may go out in that order.
/// </summary>
[Migration(202612080101, "Outbox: rows relayed in the order they were written")]
public sealed class M202612080101_OutboxWriteOrder : Migration
{
    private const string Index = "ix_outbox_messages_unsent";

    /// <summary>A filtered index, written per engine (their quoting differs).</summary>
    public static string CreateUnsentIndex(ISqlDialect dialect) => dialect.Engine == DatabaseEngine.SqlServer
        ? $"CREATE INDEX {Index} ON outbox_messages ([sequence]) WHERE sent_at IS NULL AND parked_at IS NULL"
        : $"CREATE INDEX {Index} ON outbox_messages (\"sequence\") WHERE sent_at IS NULL AND parked_at IS NULL";

    public override void Up()
    {
        Alter.Table("outbox_messages").AddColumn("sequence").AsInt64().NotNullable().Identity();
        Execute.WithConnection((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = CreateUnsentIndex(connection is Npgsql.NpgsqlConnection ? new PostgresDialect() : new SqlServerDialect());
            command.ExecuteNonQuery();
        });
    }

    public override void Down()
    {
        Delete.Index(Index).OnTable("outbox_messages");
        Delete.Column("sequence").FromTable("outbox_messages");
    }
}
