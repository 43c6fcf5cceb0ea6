using FluentMigrator;

namespace Yisp.Referral.Data.Migrations;

[Migration(202611260101, "Cases, referrals, match keys and idempotency keys")]
public sealed class M202611260101_Referrals : Migration
{
    public override void Up()
    {
        Create.Table("cases")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_cases")
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("opened_at").AsDateTimeOffset().NotNullable()
            .WithColumn("closed_at").AsDateTimeOffset().Nullable();

        // One row per identifier of an open case: the primary key is what makes "one case per child" hold
        // when two agencies refer the same child at the same moment. Hash first: intake looks keys up by hash.
        Create.Table("case_match_keys")
            .WithColumn("key_hash").AsString(64).NotNullable().PrimaryKey("pk_case_match_keys")
            .WithColumn("key_type").AsString(20).NotNullable().PrimaryKey("pk_case_match_keys")
            .WithColumn("case_id").AsGuid().NotNullable();
        Create.Index("ix_case_match_keys_case_id").OnTable("case_match_keys").OnColumn("case_id").Ascending();

        Create.Table("referrals")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_referrals")
            .WithColumn("case_id").AsGuid().Nullable()
            .WithColumn("candidate_case_id").AsGuid().Nullable()
            .WithColumn("match_state").AsString(20).NotNullable()
            .WithColumn("referring_agency").AsString(40).NotNullable()
            .WithColumn("status").AsString(30).NotNullable()
            .WithColumn("close_reason").AsString(30).Nullable()
            .WithColumn("screening_outcome").AsString(20).NotNullable()
            .WithColumn("screening_reasons").AsString(1000).NotNullable()
            .WithColumn("screening_overridden").AsBoolean().NotNullable()
            .WithColumn("urgency").AsString(20).NotNullable()
            .WithColumn("risk_factors").AsString(2000).NotNullable()
            .WithColumn("agencies_involved").AsString(400).NotNullable()
            .WithColumn("age_at_referral").AsInt32().NotNullable()
            .WithColumn("postcode_district").AsString(8).NotNullable()
            .WithColumn("sealed_identity").AsString(int.MaxValue).NotNullable()
            .WithColumn("received_at").AsDateTimeOffset().NotNullable()
            .WithColumn("updated_at").AsDateTimeOffset().NotNullable()
            .WithColumn("version").AsInt32().NotNullable();
        Create.Index("ix_referrals_case_id").OnTable("referrals").OnColumn("case_id").Ascending();
        Create.Index("ix_referrals_status_received").OnTable("referrals")
            .OnColumn("status").Ascending().OnColumn("received_at").Descending();
        Create.Index("ix_referrals_agency_received").OnTable("referrals")
            .OnColumn("referring_agency").Ascending().OnColumn("received_at").Descending();
        Create.Index("ix_referrals_received").OnTable("referrals").OnColumn("received_at").Descending();

        Create.Table("idempotency_keys")
            .WithColumn("idempotency_key").AsString(200).NotNullable().PrimaryKey("pk_idempotency_keys")
            .WithColumn("request_hash").AsString(64).NotNullable()
            .WithColumn("referral_id").AsGuid().NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("idempotency_keys");
        Delete.Table("referrals");
        Delete.Table("case_match_keys");
        Delete.Table("cases");
    }
}
