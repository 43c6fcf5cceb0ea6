using FluentMigrator;

namespace Yisp.Consent.Data.Migrations;

/// <summary>
/// Consent decisions now keep Idempotency-Keys in the shared idempotency_records table, like every other create.
/// The old keys are dropped, not moved: they held no answer to replay, and keys are honoured for a day only.
/// </summary>
[Migration(202612020201, "Consent decisions use the shared Idempotency-Key records")]
public sealed class M202612020201_SharedIdempotencyKeys : Migration
{
    public override void Up() => Delete.Table("consent_idempotency_keys");

    public override void Down() =>
        Create.Table("consent_idempotency_keys")
            .WithColumn("idempotency_key").AsString(200).NotNullable().PrimaryKey("pk_consent_idempotency_keys")
            .WithColumn("request_hash").AsString(64).NotNullable()
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
}
