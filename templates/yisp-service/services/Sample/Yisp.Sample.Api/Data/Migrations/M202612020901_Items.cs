using FluentMigrator;

namespace Yisp.Sample.Data.Migrations;

/// <summary>Written once for PostgreSQL and SQL Server; run at start under the database's migration lock.</summary>
[Migration(202612020901, "Items")]
public sealed class M202612020901_Items : Migration
{
    public override void Up()
    {
        Create.Table("sample_items")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_sample_items")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("title").AsString(200).NotNullable()
            .WithColumn("notes").AsString(4000).Nullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("close_reason").AsString(1000).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("version").AsInt32().NotNullable();
        Create.Index("ix_sample_items_case").OnTable("sample_items").OnColumn("case_id").Ascending();
    }

    public override void Down() => Delete.Table("sample_items");
}
