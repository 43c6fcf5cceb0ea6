using FluentMigrator;

namespace Yisp.Reporting.Data.Migrations;

/// <summary>When a referral's age band and district were last corrected, so a late <c>ReferralReceived</c> cannot undo a correction.</summary>
[Migration(202612071001, "Reporting: referral details corrected")]
public sealed class M202612071001_ReferralDetailsCorrected : Migration
{
    public override void Up() => Alter.Table("rm_referrals").AddColumn("details_corrected_at").AsDateTimeOffset().Nullable();

    public override void Down() => Delete.Column("details_corrected_at").FromTable("rm_referrals");
}
