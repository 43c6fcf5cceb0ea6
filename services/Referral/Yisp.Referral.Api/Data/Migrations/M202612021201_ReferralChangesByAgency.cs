using FluentMigrator;

namespace Yisp.Referral.Data.Migrations;

/// <summary>An agency lists the referrals it made by when they last changed (its system's reconciliation after an outage).</summary>
[Migration(202612021201, "Referrals by agency and change")]
public sealed class M202612021201_ReferralChangesByAgency : Migration
{
    public override void Up() =>
        Create.Index("ix_referrals_agency_changed").OnTable("referrals")
            .OnColumn("referring_agency").Ascending().OnColumn("updated_at").Ascending().OnColumn("id").Ascending();

    public override void Down() => Delete.Index("ix_referrals_agency_changed").OnTable("referrals");
}
