using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

[Migration(202611260302, "Plan reviews and their schedule")]
public sealed class M202611260302_Reviews : Migration
{
    public override void Up()
    {
        Alter.Table("intervention_cases")
            .AddColumn("next_review_due").AsDateTimeOffset().Nullable()
            .AddColumn("overdue_raised_for").AsDateTimeOffset().Nullable();
        Create.Index("ix_intervention_cases_review_due").OnTable("intervention_cases").OnColumn("next_review_due").Ascending();

        Create.Table("reviews")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_reviews")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("reviewer").AsString(100).NotNullable()
            .WithColumn("reviewed_on").AsDate().NotNullable()
            .WithColumn("details").AsString(int.MaxValue).NotNullable()
            .WithColumn("recorded_at").AsDateTimeOffset().NotNullable();
        Create.Index("ix_reviews_case").OnTable("reviews").OnColumn("case_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table("reviews");
        Delete.Index("ix_intervention_cases_review_due").OnTable("intervention_cases");
        Delete.Column("overdue_raised_for").FromTable("intervention_cases");
        Delete.Column("next_review_due").FromTable("intervention_cases");
    }
}
