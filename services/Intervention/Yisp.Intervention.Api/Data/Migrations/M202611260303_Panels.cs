using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

[Migration(202611260303, "Panel meetings, their cases and attendance")]
public sealed class M202611260303_Panels : Migration
{
    public override void Up()
    {
        Create.Table("panel_meetings")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_panel_meetings")
            .WithColumn("scheduled_for").AsDateTimeOffset().NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();

        Create.Table("panel_cases")
            .WithColumn("meeting_id").AsGuid().NotNullable().PrimaryKey("pk_panel_cases")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_panel_cases")
            .WithColumn("decision").AsString(30).Nullable()
            .WithColumn("reasons").AsString(2000).Nullable()
            .WithColumn("decided_at").AsDateTimeOffset().Nullable();
        Create.Index("ix_panel_cases_case").OnTable("panel_cases").OnColumn("case_id").Ascending();

        Create.Table("panel_attendance")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_panel_attendance")
            .WithColumn("meeting_id").AsGuid().NotNullable()
            .WithColumn("agency").AsString(40).NotNullable()
            .WithColumn("attendee").AsString(100).NotNullable()
            .WithColumn("attendee_role").AsString(100).NotNullable();
        Create.Index("ix_panel_attendance_meeting").OnTable("panel_attendance").OnColumn("meeting_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("panel_attendance");
        Delete.Table("panel_cases");
        Delete.Table("panel_meetings");
    }
}
