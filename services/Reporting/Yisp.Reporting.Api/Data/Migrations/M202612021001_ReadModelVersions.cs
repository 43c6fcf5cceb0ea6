using FluentMigrator;

namespace Yisp.Reporting.Data.Migrations;

/// <summary>
/// Numbers the read model's changes so a reader can keep it in memory and fetch only what changed: one row holding
/// the generation (a rebuild starts the next) and the version of the latest change, and on every row the version
/// that last wrote it. Also keeps why interventions stopped (a code).
/// </summary>
[Migration(202612021001, "Reporting read model versions")]
public sealed class M202612021001_ReadModelVersions : Migration
{
    private static readonly string[] Tables = ["rm_referrals", "rm_cases", "rm_interventions", "rm_assessments", "rm_reviews"];

    public override void Up()
    {
        Create.Table("rm_state")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_rm_state")
            .WithColumn("generation").AsInt64().NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Insert.IntoTable("rm_state").Row(new { id = 1, generation = 1L, version = 0L });
        Alter.Table("rm_interventions").AddColumn("stop_reason").AsString(40).Nullable();
        foreach (var table in Tables)
        {
            Alter.Table(table).AddColumn("changed_version").AsInt64().NotNullable().WithDefaultValue(0L);
            Create.Index($"ix_{table}_changed").OnTable(table).OnColumn("changed_version").Ascending();
        }
    }

    public override void Down()
    {
        foreach (var table in Tables)
        {
            Delete.Index($"ix_{table}_changed").OnTable(table);
            Delete.Column("changed_version").FromTable(table);
        }
        Delete.Column("stop_reason").FromTable("rm_interventions");
        Delete.Table("rm_state");
    }
}
