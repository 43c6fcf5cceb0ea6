using FluentMigrator;

namespace Yisp.Referral.Data.Migrations;

[Migration(202612021401, "Each referral's identity under a data key of its own, sealed by a service key; retention and legal holds")]
public sealed class M202612021401_ReferralDataKeys : Migration
{
    public override void Up()
    {
        // Deleting a row here is erasure: the referral's sealed identity can no longer be opened anywhere.
        Create.Table("referral_keys")
            .WithColumn("referral_id").AsGuid().NotNullable().PrimaryKey("pk_referral_keys")
            .WithColumn("service_key_id").AsString(60).NotNullable()
            .WithColumn("sealed_key").AsString(200).NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_referral_keys_service_key").OnTable("referral_keys").OnColumn("service_key_id").Ascending();

        Alter.Table("referrals")
            .AddColumn("erased_at").AsDateTimeOffset().Nullable()
            .AddColumn("retain_until").AsDateTimeOffset().Nullable();
        Create.Index("ix_referrals_status_erased").OnTable("referrals")
            .OnColumn("status").Ascending().OnColumn("erased_at").Ascending().OnColumn("updated_at").Ascending();

        Alter.Table("cases").AddColumn("erased_at").AsDateTimeOffset().Nullable();

        Create.Table("legal_holds")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_legal_holds")
            .WithColumn("reason").AsString(1000).NotNullable()
            .WithColumn("set_by").AsString(100).NotNullable()
            .WithColumn("set_at").AsDateTimeOffset().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("legal_holds");
        Delete.Column("erased_at").FromTable("cases");
        Delete.Index("ix_referrals_status_erased").OnTable("referrals");
        Delete.Column("retain_until").FromTable("referrals");
        Delete.Column("erased_at").FromTable("referrals");
        Delete.Table("referral_keys");
    }
}
