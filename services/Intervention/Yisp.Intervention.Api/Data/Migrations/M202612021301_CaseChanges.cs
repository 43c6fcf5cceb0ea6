using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

/// <summary>When each case last changed, so an agency can list the cases shared with it from a cursor (existing cases: when opened).</summary>
[Migration(202612021301, "Case changes")]
public sealed class M202612021301_CaseChanges : Migration
{
    public override void Up()
    {
        Alter.Table("intervention_cases").AddColumn("changed_at").AsDateTimeOffset().Nullable();
        Update.Table("intervention_cases").Set(new { changed_at = RawSql.Insert("opened_at") }).AllRows();
        Alter.Column("changed_at").OnTable("intervention_cases").AsDateTimeOffset().NotNullable();
        Create.Index("ix_intervention_cases_changed").OnTable("intervention_cases").OnColumn("changed_at").Ascending().OnColumn("case_id").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_intervention_cases_changed").OnTable("intervention_cases");
        Delete.Column("changed_at").FromTable("intervention_cases");
    }
}
