using FluentMigrator;

namespace Yisp.Audit.Migrations;

[Migration(202611260002, "Hash-chained audit trail")]
public sealed class M202611260002_AuditTrail : Migration
{
    public override void Up()
    {
        Create.Table("audit_log")
            .WithColumn("sequence").AsInt64().NotNullable().PrimaryKey("pk_audit_log")
            .WithColumn("recorded_at").AsDateTimeOffset().NotNullable()
            .WithColumn("client_id").AsString(100).NotNullable()
            .WithColumn("agency").AsString(50).NotNullable()
            .WithColumn("user_name").AsString(100).Nullable()
            .WithColumn("resource_type").AsString(50).NotNullable()
            .WithColumn("resource_id").AsString(100).NotNullable()
            .WithColumn("owner_agency").AsString(50).Nullable()
            .WithColumn("action").AsString(100).NotNullable()
            .WithColumn("purpose").AsString(50).NotNullable()
            .WithColumn("outcome").AsString(20).NotNullable()
            .WithColumn("correlation_id").AsString(128).Nullable()
            .WithColumn("previous_hash").AsFixedLengthAnsiString(64).NotNullable()
            .WithColumn("hash").AsFixedLengthAnsiString(64).NotNullable();
        Create.Index("ix_audit_log_resource").OnTable("audit_log").OnColumn("resource_id").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_audit_log_owner").OnTable("audit_log").OnColumn("owner_agency").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_audit_log_agency").OnTable("audit_log").OnColumn("agency").Ascending().OnColumn("sequence").Ascending();

        // One row: the chain's end. Appends lock it, so records are numbered and chained one at a time,
        // and deleting the newest records shows as a head that points past the end.
        Create.Table("audit_chain_head")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_audit_chain_head")
            .WithColumn("last_sequence").AsInt64().NotNullable()
            .WithColumn("last_hash").AsFixedLengthAnsiString(64).NotNullable()
            .WithColumn("head_mac").AsFixedLengthAnsiString(64).Nullable(); // keyed: the head cannot be wound back to a point of one's choosing
        Insert.IntoTable("audit_chain_head").Row(new { id = 1, last_sequence = 0L, last_hash = AuditHash.Genesis });
    }

    public override void Down()
    {
        Delete.Table("audit_chain_head");
        Delete.Table("audit_log");
    }
}
