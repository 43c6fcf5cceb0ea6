using FluentMigrator;

namespace Yisp.Intervention.Data.Migrations;

/// <summary>
/// What statutory agencies reported about a case's child (open to social care, in the youth justice system): a flag for the
/// panel, once per agency reference, so the agency's system can send its message again.
/// </summary>
[Migration(202612021501, "Statutory flags")]
public sealed class M202612021501_StatutoryFlags : Migration
{
    public override void Up()
    {
        Create.Table("statutory_flags")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_statutory_flags")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("agency").AsString(40).NotNullable()
            .WithColumn("code").AsString(40).NotNullable()
            .WithColumn("agency_reference").AsString(100).NotNullable()
            .WithColumn("reported_at").AsDateTimeOffset().NotNullable();
        Create.Index("ux_statutory_flags_reference").OnTable("statutory_flags")
            .OnColumn("agency").Ascending().OnColumn("agency_reference").Ascending().WithOptions().Unique();
        Create.Index("ix_statutory_flags_case").OnTable("statutory_flags").OnColumn("case_id").Ascending();
    }

    public override void Down() => Delete.Table("statutory_flags");
}
