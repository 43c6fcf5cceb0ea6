using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

[Migration(202611260306, "A closed case's summary")]
public sealed class M202611260306_ClosureSummary : Migration
{
    public override void Up() => Alter.Table("intervention_cases").AddColumn("closure_summary").AsString(4000).Nullable();

    public override void Down() => Delete.Column("closure_summary").FromTable("intervention_cases");
}
