using FluentMigrator;

namespace Yisp.Adapters.Delivery.Data.Migrations;

[Migration(202612100101, "Outbound webhook deliveries: the queue and the delivery log")]
public sealed class M202612100101_WebhookDeliveries : Migration
{
    public override void Up()
    {
        Create.Table("webhook_deliveries")
            .WithColumn("webhook_id").AsGuid().NotNullable().PrimaryKey("pk_webhook_deliveries")
            .WithColumn("sequence").AsInt64().NotNullable().Identity()
            .WithColumn("agency").AsString(50).NotNullable()
            .WithColumn("kind").AsString(50).NotNullable()
            .WithColumn("ordering_key").AsString(60).NotNullable()
            .WithColumn("content_type").AsString(100).NotNullable()
            .WithColumn("body").AsString(int.MaxValue).NotNullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("attempts").AsInt32().NotNullable()
            .WithColumn("next_attempt_at").AsDateTimeOffset().NotNullable()
            .WithColumn("queued_at").AsDateTimeOffset().NotNullable()
            .WithColumn("claimed_until").AsDateTimeOffset().Nullable()
            .WithColumn("claim_token").AsGuid().Nullable()
            .WithColumn("last_error").AsString(2000).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("delivered_at").AsDateTimeOffset().Nullable();
        Create.Index("ix_webhook_deliveries_key_sequence").OnTable("webhook_deliveries")
            .OnColumn("ordering_key").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_webhook_deliveries_status_due").OnTable("webhook_deliveries")
            .OnColumn("status").Ascending().OnColumn("next_attempt_at").Ascending();
        Create.Index("ix_webhook_deliveries_created_at").OnTable("webhook_deliveries").OnColumn("created_at").Ascending();
    }

    public override void Down() => Delete.Table("webhook_deliveries");
}
