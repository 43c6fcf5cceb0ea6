using FluentMigrator;

namespace Yisp.Referral.Data.Migrations;

/// <summary>
/// What a coordinator's correction of a child's details replaced (UK GDPR article 16): who, when and which details
/// in the clear; the reason and the previous values sealed under the referral's own data key, so erasure destroys them too.
/// </summary>
[Migration(202612022101, "Identity corrections with their sealed history")]
public sealed class M202612022101_IdentityCorrections : Migration
{
    public override void Up()
    {
        Create.Table("identity_corrections")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_identity_corrections")
            .WithColumn("referral_id").AsGuid().NotNullable()
            .WithColumn("corrected_at").AsDateTimeOffset().NotNullable()
            .WithColumn("corrected_by").AsString(100).NotNullable()
            .WithColumn("fields_changed").AsString(200).NotNullable()
            .WithColumn("sealed_details").AsString(int.MaxValue).NotNullable();
        Create.Index("ix_identity_corrections_referral").OnTable("identity_corrections")
            .OnColumn("referral_id").Ascending().OnColumn("corrected_at").Ascending();
    }

    public override void Down() => Delete.Table("identity_corrections");
}
