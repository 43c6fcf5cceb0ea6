using FluentMigrator;

namespace Yisp.Data.Idempotency;

[Migration(202611260003, "Idempotency-Key records for creates")]
public sealed class M202611260003_IdempotencyRecords : Migration
{
    public override void Up()
    {
        Create.Table("idempotency_records")
            .WithColumn("client_id").AsString(100).NotNullable().PrimaryKey("pk_idempotency_records")
            .WithColumn("key_hash").AsFixedLengthAnsiString(64).NotNullable().PrimaryKey("pk_idempotency_records")
            .WithColumn("request_hash").AsFixedLengthAnsiString(64).NotNullable()
            .WithColumn("status_code").AsInt32().Nullable()
            .WithColumn("location").AsString(400).Nullable()
            .WithColumn("etag").AsString(100).Nullable()
            .WithColumn("body").AsString(int.MaxValue).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_idempotency_records_created_at").OnTable("idempotency_records").OnColumn("created_at").Ascending();
    }

    public override void Down() => Delete.Table("idempotency_records");
}
