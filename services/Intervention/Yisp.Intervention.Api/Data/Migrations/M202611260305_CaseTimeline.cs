using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

[Migration(202611260305, "Case timeline")]
public sealed class M202611260305_CaseTimeline : Migration
{
    public override void Up()
    {
        Create.Table("case_timeline")
            .WithColumn("position").AsInt64().NotNullable().PrimaryKey("pk_case_timeline").Identity() // insertion order: same-instant lines keep theirs
            .WithColumn("id").AsGuid().NotNullable()
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("occurred_at").AsDateTimeOffset().NotNullable()
            .WithColumn("kind").AsString(50).NotNullable()
            .WithColumn("purpose").AsString(20).NotNullable()
            .WithColumn("agency").AsString(40).Nullable()
            .WithColumn("intervention_id").AsGuid().Nullable()
            .WithColumn("detail").AsString(int.MaxValue).NotNullable(); // escaped JSON can be several times its text
        Create.Index("ix_case_timeline_case").OnTable("case_timeline")
            .OnColumn("case_id").Ascending().OnColumn("position").Ascending();
    }

    public override void Down() => Delete.Table("case_timeline");
}
