using FluentMigrator;

namespace Yisp.Consent.Data.Migrations;

[Migration(202611260201, "Consent requests, decisions, effective consent")]
public sealed class M202611260201_Consent : Migration
{
    public override void Up()
    {
        Create.Table("consent_requests")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_consent_requests")
            .WithColumn("agencies").AsString(400).NotNullable()
            .WithColumn("required_parties").AsString(100).NotNullable()
            .WithColumn("competence_judgement").AsString(1000).Nullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("close_reason").AsString(200).Nullable()
            .WithColumn("opened_at").AsDateTimeOffset().NotNullable()
            .WithColumn("version").AsInt32().NotNullable();

        // Append-only: a change of mind or a withdrawal is a new row.
        Create.Table("consent_decisions")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_consent_decisions")
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("party").AsString(20).NotNullable()
            .WithColumn("purpose").AsString(20).NotNullable()
            .WithColumn("agency").AsString(40).NotNullable()
            .WithColumn("granted").AsBoolean().NotNullable()
            .WithColumn("withdrawal").AsBoolean().NotNullable()
            .WithColumn("recorded_by").AsString(100).NotNullable()
            .WithColumn("method").AsString(20).NotNullable()
            .WithColumn("document_reference").AsString(200).Nullable()
            .WithColumn("decided_at").AsDateTimeOffset().NotNullable()
            .WithColumn("expires_at").AsDateTimeOffset().Nullable()
            .WithColumn("expiry_handled").AsBoolean().NotNullable()
            .WithColumn("reminder_sent").AsBoolean().NotNullable();
        Create.Index("ix_consent_decisions_case").OnTable("consent_decisions").OnColumn("case_id").Ascending();
        Create.Index("ix_consent_decisions_expiry").OnTable("consent_decisions").OnColumn("expires_at").Ascending();

        // What is in force now, kept in step with every decision in the same transaction: the consent check reads only this.
        Create.Table("effective_consent")
            .WithColumn("case_id").AsGuid().NotNullable().PrimaryKey("pk_effective_consent")
            .WithColumn("purpose").AsString(20).NotNullable().PrimaryKey("pk_effective_consent")
            .WithColumn("agency").AsString(40).NotNullable().PrimaryKey("pk_effective_consent")
            .WithColumn("expires_at").AsDateTimeOffset().NotNullable();

        Create.Table("consent_idempotency_keys")
            .WithColumn("idempotency_key").AsString(200).NotNullable().PrimaryKey("pk_consent_idempotency_keys")
            .WithColumn("request_hash").AsString(64).NotNullable()
            .WithColumn("case_id").AsGuid().NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("consent_idempotency_keys");
        Delete.Table("effective_consent");
        Delete.Table("consent_decisions");
        Delete.Table("consent_requests");
    }
}
