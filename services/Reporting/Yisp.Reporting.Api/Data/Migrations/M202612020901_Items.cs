using FluentMigrator;

namespace Yisp.Reporting.Data.Migrations;

/// <summary>Written once for PostgreSQL and SQL Server; run at start under the database's migration lock.</summary>
[Migration(202612020901, "Items")]
public sealed class M202612020901_Items : Migration
{
    public override void Up()
    {
        Create.Table("reporting_items")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_reporting_items")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("title").AsString(200).NotNullable()
            .WithColumn("notes").AsString(4000).Nullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("close_reason").AsString(1000).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("version").AsInt32().NotNullable();
        Create.Index("ix_reporting_items_case").OnTable("reporting_items").OnColumn("case_id").Ascending();
    }

    public override void Down() => Delete.Table("reporting_items");
}
