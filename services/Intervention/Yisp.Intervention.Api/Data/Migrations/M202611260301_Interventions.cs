using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

[Migration(202611260301, "Cases, assessments and interventions")]
public sealed class M202611260301_Interventions : Migration
{
    public override void Up()
    {
        Create.Table("intervention_cases")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_intervention_cases")
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("suspended").AsBoolean().NotNullable()
            .WithColumn("consented_purposes").AsString(100).NotNullable()
            .WithColumn("consented_agencies").AsString(400).NotNullable()
            .WithColumn("outcome").AsString(40).Nullable()
            .WithColumn("opened_at").AsDateTimeOffset().NotNullable()
            .WithColumn("closed_at").AsDateTimeOffset().Nullable()
            .WithColumn("version").AsInt32().NotNullable();

        Create.Table("assessments")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_assessments")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("assessment_version").AsInt32().NotNullable()
            .WithColumn("assessor").AsString(100).NotNullable()
            .WithColumn("assessed_on").AsDate().NotNullable()
            .WithColumn("details").AsString(int.MaxValue).NotNullable()
            .WithColumn("total").AsInt32().NotNullable()
            .WithColumn("highest_need").AsString(400).NotNullable()
            .WithColumn("recorded_at").AsDateTimeOffset().NotNullable();
        // A later assessment is a new version, never an overwrite; two at once cannot take the same number.
        Create.Index("ux_assessments_case_version").OnTable("assessments")
            .OnColumn("case_id").Ascending().OnColumn("assessment_version").Ascending().WithOptions().Unique();

        Create.Table("interventions")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_interventions")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("intervention_type").AsString(40).NotNullable()
            .WithColumn("lead_agency").AsString(40).NotNullable()
            .WithColumn("goals").AsString(4000).NotNullable()
            .WithColumn("planned_start").AsDate().NotNullable()
            .WithColumn("planned_end").AsDate().NotNullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("suspended").AsBoolean().NotNullable()
            .WithColumn("stop_reason").AsString(1000).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("updated_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_interventions_case").OnTable("interventions").OnColumn("case_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("interventions");
        Delete.Table("assessments");
        Delete.Table("intervention_cases");
    }
}
