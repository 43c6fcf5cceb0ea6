using FluentMigrator;

namespace Yisp.Referral.Data.Migrations;

[Migration(202611260102, "Closed cases release their keys; a later referral starts a new episode linked to the last")]
public sealed class M202611260102_CaseEpisodes : Migration
{
    public override void Up()
    {
        Alter.Table("cases").AddColumn("previous_case_id").AsGuid().Nullable();

        Create.Table("closed_case_keys")
            .WithColumn("key_hash").AsString(64).NotNullable().PrimaryKey("pk_closed_case_keys")
            .WithColumn("key_type").AsString(20).NotNullable().PrimaryKey("pk_closed_case_keys")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_closed_case_keys")
            .WithColumn("closed_at").AsDateTimeOffset().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("closed_case_keys");
        Delete.Column("previous_case_id").FromTable("cases");
    }
}
