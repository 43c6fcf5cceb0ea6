using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

[Migration(202611260304, "Progress notes on interventions")]
public sealed class M202611260304_ProgressNotes : Migration
{
    public override void Up()
    {
        Create.Table("progress_notes")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_progress_notes")
            .WithColumn("intervention_id").AsGuid().NotNullable()
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("agency").AsString(40).NotNullable()
            .WithColumn("recorded_by").AsString(100).NotNullable()
            .WithColumn("note").AsString(4000).NotNullable()
            .WithColumn("recorded_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_progress_notes_intervention").OnTable("progress_notes").OnColumn("intervention_id").Ascending();
    }

    public override void Down() => Delete.Table("progress_notes");
}
