using FluentMigrator;

namespace Yisp.Data.Idempotency;

/// <summary>Which request holds a claim, and whether its effect committed: a retry may then take over a dead request's claim.</summary>
[Migration(202612071101, "Idempotency-Key claim tokens")]
public sealed class M202612071101_IdempotencyClaimTokens : Migration
{
    public override void Up() => Alter.Table("idempotency_records")
        .AddColumn("claim_token").AsGuid().Nullable()
        .AddColumn("committed").AsBoolean().NotNullable().WithDefaultValue(false);

    public override void Down()
    {
        Delete.Column("claim_token").FromTable("idempotency_records");
        Delete.Column("committed").FromTable("idempotency_records");
    }
}
