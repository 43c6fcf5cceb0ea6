using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

/// <summary>Why an intervention stopped, as a code reports can count; interventions stopped before it say "other".</summary>
[Migration(202612021101, "Stop reason codes")]
public sealed class M202612021101_StopReasonCodes : Migration
{
    public override void Up()
    {
        Alter.Table("interventions").AddColumn("stop_reason_code").AsString(40).Nullable();
        Update.Table("interventions").Set(new { stop_reason_code = "other" }).Where(new { status = "stopped" });
    }

    public override void Down() => Delete.Column("stop_reason_code").FromTable("interventions");
}
