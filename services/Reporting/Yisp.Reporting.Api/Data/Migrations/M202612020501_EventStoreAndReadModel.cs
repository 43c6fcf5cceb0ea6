using FluentMigrator;

namespace Yisp.Reporting.Data.Migrations;

/// <summary>
/// The append-only store of every event the service heard, and the read model built from it. The read model
/// can be dropped and rebuilt from the store at any time; neither holds anything that identifies a child.
/// </summary>
[Migration(202612020501, "Reporting event store and read model")]
public sealed class M202612020501_EventStoreAndReadModel : Migration
{
    public override void Up()
    {
        Create.Table("report_events")
            .WithColumn("position").AsInt64().NotNullable().PrimaryKey("pk_report_events").Identity()
            .WithColumn("message_id").AsGuid().NotNullable().Unique("ux_report_events_message")
            .WithColumn("event_type").AsString(100).NotNullable()
            .WithColumn("occurred_at").AsDateTimeOffset().NotNullable()
            .WithColumn("payload").AsString(int.MaxValue).NotNullable()
            .WithColumn("stored_at").AsDateTimeOffset().NotNullable();

        Create.Table("rm_referrals")
            .WithColumn("referral_id").AsGuid().NotNullable().PrimaryKey("pk_rm_referrals")
            .WithColumn("case_id").AsGuid().Nullable()
            .WithColumn("referring_agency").AsString(40).Nullable()
            .WithColumn("urgency").AsString(20).Nullable()
            .WithColumn("age_band").AsString(20).Nullable()
            .WithColumn("postcode_district").AsString(8).Nullable()
            .WithColumn("sex").AsString(20).Nullable()
            .WithColumn("received_at").AsDateTimeOffset().Nullable()
            .WithColumn("screening_outcome").AsString(20).Nullable()
            .WithColumn("screened_at").AsDateTimeOffset().Nullable()
            .WithColumn("ineligible_reason").AsString(40).Nullable()
            .WithColumn("joined_existing_case").AsBoolean().Nullable()
            .WithColumn("closed_reason").AsString(40).Nullable()
            .WithColumn("closed_at").AsDateTimeOffset().Nullable();
        Create.Index("ix_rm_referrals_received").OnTable("rm_referrals").OnColumn("received_at").Ascending();
        Create.Index("ix_rm_referrals_case").OnTable("rm_referrals").OnColumn("case_id").Ascending();

        Create.Table("rm_cases")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_rm_cases")
            .WithColumn("previous_case_id").AsGuid().Nullable()
            .WithColumn("consent_requested_at").AsDateTimeOffset().Nullable()
            .WithColumn("consent_given_at").AsDateTimeOffset().Nullable()
            .WithColumn("consent_refused_at").AsDateTimeOffset().Nullable()
            .WithColumn("consent_withdrawn_at").AsDateTimeOffset().Nullable()
            .WithColumn("panel_decided_at").AsDateTimeOffset().Nullable()
            .WithColumn("panel_decision").AsString(40).Nullable()
            .WithColumn("first_intervention_at").AsDateTimeOffset().Nullable()
            .WithColumn("closed_at").AsDateTimeOffset().Nullable()
            .WithColumn("outcome").AsString(40).Nullable();

        Create.Table("rm_interventions")
            .WithColumn("intervention_id").AsGuid().NotNullable().PrimaryKey("pk_rm_interventions")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("intervention_type").AsString(60).Nullable()
            .WithColumn("lead_agency").AsString(40).Nullable()
            .WithColumn("assigned_at").AsDateTimeOffset().Nullable()
            .WithColumn("started_at").AsDateTimeOffset().Nullable()
            .WithColumn("completed_at").AsDateTimeOffset().Nullable()
            .WithColumn("stopped_at").AsDateTimeOffset().Nullable()
            .WithColumn("suspended_at").AsDateTimeOffset().Nullable();
        Create.Index("ix_rm_interventions_case").OnTable("rm_interventions").OnColumn("case_id").Ascending();

        Create.Table("rm_assessments")
            .WithColumn("assessment_id").AsGuid().NotNullable().PrimaryKey("pk_rm_assessments")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("assessment_version").AsInt32().NotNullable()
            .WithColumn("total").AsInt32().NotNullable()
            .WithColumn("ratings").AsString(2000).Nullable()
            .WithColumn("recorded_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_rm_assessments_case").OnTable("rm_assessments").OnColumn("case_id").Ascending();

        Create.Table("rm_reviews")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_rm_reviews")
            .WithColumn("due_at").AsDateTimeOffset().NotNullable().PrimaryKey("pk_rm_reviews")
            .WithColumn("overdue").AsBoolean().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("rm_reviews");
        Delete.Table("rm_assessments");
        Delete.Table("rm_interventions");
        Delete.Table("rm_cases");
        Delete.Table("rm_referrals");
        Delete.Table("report_events");
    }
}
