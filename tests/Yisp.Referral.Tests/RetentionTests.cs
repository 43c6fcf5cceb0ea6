using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Referral.Application;
using Yisp.Referral.Domain.Privacy;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Closed = new(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2014-05-01", null, "2021-03-01")] // a referral closed without its case: one year
    [InlineData("2014-05-01", "2020-03-01", "2039-05-01")] // the 25th birthday comes after six years
    [InlineData("2000-05-01", "2020-03-01", "2026-03-01")] // six years come after the 25th birthday
    public void A_closed_case_is_kept_six_years_or_until_the_25th_birthday_whichever_is_later(string born, string? caseClosed, string due)
    {
        var referral = new RetainedReferral(Closed, caseClosed is null ? null : DateTimeOffset.Parse(caseClosed, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), RetentionRules.EraseAfter(referral, new RetentionOptions()));
    }

    [Fact]
    public async Task Erasure_destroys_a_due_childs_identity_and_nothing_of_another_child_and_the_audit_chain_still_verifies()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var due = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Erin", nhsNumber: ReferralPayloads.NhsNumber(41)));
        var kept = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Kit", nhsNumber: ReferralPayloads.NhsNumber(42)));
        Assert.Equal(("closed", "closed"), (due.Str("status"), kept.Str("status"))); // ineligible: two risk factors, one agency
        await context.ScalarAsync<int>("UPDATE referrals SET updated_at = updated_at - INTERVAL '13 months' WHERE id = @id RETURNING 1", new { id = due.Id() });
        var sealedKey = await context.ScalarAsync<string>("SELECT sealed_key FROM referral_keys WHERE referral_id = @id", new { id = due.Id() });

        var report = await Erasure(context).RunOnceAsync(CancellationToken.None);
        var again = await Erasure(context).RunOnceAsync(CancellationToken.None);

        Assert.Equal((1, 1), (report.ReferralsErased, report.CasesErased));
        Assert.Equal((0, 0), (again.ReferralsErased, again.CasesErased));
        var erased = await context.ReferralAsync(due.Id());
        Assert.Equal(JsonValueKind.Null, erased.GetProperty("child").ValueKind);
        Assert.Equal(JsonValueKind.Null, erased.GetProperty("reasons").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, erased.GetProperty("erasedAt").ValueKind);
        Assert.Equal((due.CaseId(), "closed", "ineligible"), (erased.CaseId(), erased.Str("status"), erased.Outcome())); // ids, codes and dates stay
        Assert.Equal("Kit", (await context.ReferralAsync(kept.Id())).GetProperty("child").Str("givenName"));

        // A direct read of the database: no data key, no sealed identity, no match keys of the erased case, and the sealed key nowhere.
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM referral_keys WHERE referral_id = @id", new { id = due.Id() }));
        Assert.Equal("", await context.ScalarAsync<string>("SELECT sealed_identity FROM referrals WHERE id = @id", new { id = due.Id() }));
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM case_match_keys WHERE case_id = @caseId", new { caseId = due.CaseId() }));
        Assert.Equal(2L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM case_match_keys WHERE case_id = @caseId", new { caseId = kept.CaseId() }));
        Assert.Equal(0L, await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM referrals r WHERE r::text LIKE '%' || @sealedKey || '%'", new { sealedKey = sealedKey.Split(':')[1][..20] }));

        var outbox = await context.OutboxPayloadsAsync();
        Assert.Single(outbox, m => m.Contains("ReferralErased", StringComparison.Ordinal) && m.Contains(due.Id().ToString(), StringComparison.Ordinal));
        Assert.Single(outbox, m => m.Contains("CaseErased", StringComparison.Ordinal) && m.Contains(due.CaseId().ToString()!, StringComparison.Ordinal));
        Assert.DoesNotContain(outbox, m => m.Contains("Erased", StringComparison.Ordinal) && m.Contains(kept.Id().ToString(), StringComparison.Ordinal));

        Assert.Equal(2L, await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_log WHERE client_id = 'retention' AND action = 'erase' AND resource_id IN (@referral, @case)",
            new { referral = due.Id().ToString(), @case = due.CaseId().ToString() }));
        var auditor = await context.ClientAsAsync(TestIdentity.Auditor);
        var verified = await auditor.GetFromJsonAsync<JsonElement>("/api/referrals/audit/verify");
        Assert.True(verified.GetProperty("intact").GetBoolean(), verified.ToString());
    }

    [Fact]
    public async Task A_legal_hold_keeps_a_due_case_until_a_coordinator_releases_it()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var due = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Hal", nhsNumber: ReferralPayloads.NhsNumber(43)));
        await context.ScalarAsync<int>("UPDATE referrals SET updated_at = updated_at - INTERVAL '13 months' WHERE id = @id RETURNING 1", new { id = due.Id() });
        var hold = $"/api/referrals/cases/{due.CaseId()}/legal-hold";
        var police = await context.ClientAsAsync(TestIdentity.AgencyClient("police"));

        var noReason = await context.Client.PutAsJsonAsync(hold, new { });
        var byAgency = await police.PutAsJsonAsync(hold, new { reason = "Claim" });
        var unknown = await context.Client.PutAsJsonAsync($"/api/referrals/cases/{Guid.NewGuid()}/legal-hold", new { reason = "Claim" });
        var set = await context.Client.PutAsJsonAsync(hold, new { reason = "Civil claim notified by the family's solicitor." });
        var held = await Erasure(context).RunOnceAsync(CancellationToken.None);
        var read = await context.Client.GetFromJsonAsync<JsonElement>(hold);
        var released = await context.Client.DeleteAsync(hold);
        var after = await Erasure(context).RunOnceAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byAgency.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(0, held.ReferralsErased);
        Assert.Contains("solicitor", read.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        Assert.Equal((1, 1), (after.ReferralsErased, after.CasesErased));
        Assert.Equal(3L, await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_log WHERE resource_type = 'case' AND resource_id = @id AND purpose = 'retention' AND outcome = 'allowed' AND client_id <> 'retention'",
            new { id = due.CaseId().ToString() }));
    }

    [Fact]
    public async Task Replicas_erasing_at_once_erase_each_referral_once_and_announce_the_case_once()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var nhs = ReferralPayloads.NhsNumber(44);
        var first = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Rae", nhsNumber: nhs));
        var second = await context.CreatedAsync(ReferralPayloads.Valid(agency: "education", givenName: "Rae", nhsNumber: nhs));
        Assert.Equal(first.CaseId(), second.CaseId());
        await using var replica = context.Replica(_ => { });
        var replicaErasure = replica.Services.GetRequiredService<RetentionErasure>(); // started (and its first run done) before anything is due
        await context.ScalarAsync<int>("UPDATE referrals SET status = 'closed', updated_at = updated_at - INTERVAL '13 months' WHERE case_id = @caseId RETURNING 1",
            new { caseId = first.CaseId() });

        await Task.WhenAll(Erasure(context).RunOnceAsync(CancellationToken.None), replicaErasure.RunOnceAsync(CancellationToken.None));

        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%CaseErased'"));
        Assert.Equal(2L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%ReferralErased'"));
    }

    private static RetentionErasure Erasure(ReferralTestContext context) => context.Service.Services.GetRequiredService<RetentionErasure>();
}
