using FluentMigrator;

namespace Yisp.Referral.Data.Migrations;

[Migration(202611260101, "Referrals")]
public sealed class M202611260101_Referrals : Migration
{
    public override void Up()
    {
        Create.Table("referrals")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_referrals")
            .WithColumn("referring_agency").AsString(40).NotNullable()
            .WithColumn("child_given_name").AsString(100).NotNullable()
            .WithColumn("child_family_name").AsString(100).NotNullable()
            .WithColumn("child_date_of_birth").AsDate().NotNullable()
            .WithColumn("postcode").AsString(10).NotNullable()
            .WithColumn("reasons").AsString(4000).NotNullable()
            .WithColumn("status").AsString(30).NotNullable()
            .WithColumn("received_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_referrals_received_at").OnTable("referrals").OnColumn("received_at").Ascending();
    }

    public override void Down() => Delete.Table("referrals");
}
