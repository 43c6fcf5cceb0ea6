using FluentMigrator;

namespace Yisp.Referral.Data.Migrations;

/// <summary>
/// Intake now keeps Idempotency-Keys in the shared idempotency_records table, like every other create. The old
/// keys are dropped, not moved: they held no answer to replay, and keys are honoured for a day only.
/// </summary>
[Migration(202612020101, "Referral intake uses the shared Idempotency-Key records")]
public sealed class M202612020101_SharedIdempotencyKeys : Migration
{
    public override void Up() => Delete.Table("idempotency_keys");

    public override void Down() =>
        Create.Table("idempotency_keys")
            .WithColumn("idempotency_key").AsString(200).NotNullable().PrimaryKey("pk_idempotency_keys")
            .WithColumn("request_hash").AsString(64).NotNullable()
            .WithColumn("referral_id").AsGuid().NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
}
