using FluentMigrator;

namespace Yisp.Messaging.Migrations;

[Migration(202611260001, "Outbox and inbox tables")]
public sealed class M202611260001_OutboxAndInbox : Migration
{
    public override void Up()
    {
        Create.Table("outbox_messages")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_outbox_messages")
            .WithColumn("message_type").AsString(300).NotNullable()
            .WithColumn("payload").AsString(int.MaxValue).NotNullable()
            .WithColumn("correlation_id").AsString(128).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("next_attempt_at").AsDateTimeOffset().NotNullable()
            .WithColumn("attempts").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("sent_at").AsDateTimeOffset().Nullable()
            .WithColumn("parked_at").AsDateTimeOffset().Nullable()
            .WithColumn("last_error").AsString(2000).Nullable();
        Create.Index("ix_outbox_messages_due").OnTable("outbox_messages")
            .OnColumn("sent_at").Ascending()
            .OnColumn("next_attempt_at").Ascending();

        Create.Table("inbox_messages")
            .WithColumn("message_id").AsGuid().NotNullable().PrimaryKey("pk_inbox_messages")
            .WithColumn("consumer").AsString(200).NotNullable().PrimaryKey("pk_inbox_messages")
            .WithColumn("processed_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_inbox_messages_processed_at").OnTable("inbox_messages").OnColumn("processed_at").Ascending();
    }

    public override void Down()
    {
        Delete.Table("inbox_messages");
        Delete.Table("outbox_messages");
    }
}
