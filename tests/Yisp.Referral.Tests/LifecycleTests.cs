using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Agencies;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class LifecycleTests
{
    private static readonly string[] FourRisks = ["family-conflict", "persistent-absence", "exclusion", "substance-misuse"];

    [Fact]
    public async Task Screening_follows_the_panel_rules_age_area_and_risk()
    {
        await using var context = await ReferralTestContext.StartAsync(new() { ["Referral:Screening:PostcodeDistricts:0"] = "M1" });
        var tooYoung = DateTime.UtcNow.AddYears(-7).ToString("yyyy-MM-dd");

        var eligible = await context.CreatedAsync(ReferralPayloads.Valid(riskFactors: FourRisks));
        var young = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Young", dateOfBirth: tooYoung, riskFactors: FourRisks));
        var away = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Away", postcode: "LS1 4AP", riskFactors: FourRisks));

        Assert.Equal(("eligible", "awaiting-consent"), (eligible.Outcome(), eligible.Str("status")));
        Assert.Equal(("ineligible", "closed", "ineligible"), (young.Outcome(), young.Str("status"), young.Str("closeReason")));
        Assert.Contains("aged 7", young.GetProperty("screening").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("LS1", away.GetProperty("screening").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_can_override_screening_with_a_recorded_reason()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var (created, referral) = await context.CreateAsync(ReferralPayloads.Valid());
        Assert.Equal("ineligible", referral.Outcome());

        var (noReason, problem) = await context.ChangeAsync(referral.Id(), "screening-override", new { outcome = "eligible" }, created.ETag());
        var (overridden, now) = await context.ChangeAsync(referral.Id(), "screening-override",
            new { outcome = "eligible", reason = "Panel agreed: escalating concerns from school." }, created.ETag());

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal("awaiting-consent", now.Str("status"));
        Assert.True(now.GetProperty("screening").GetProperty("overridden").GetBoolean());
        Assert.Contains("escalating", now.GetProperty("screening").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdrawal_needs_the_current_ETag_and_cannot_happen_twice()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var (created, referral) = await context.CreateAsync(ReferralPayloads.Valid(riskFactors: FourRisks));

        var (missing, _) = await context.ChangeAsync(referral.Id(), "withdraw", null, null);
        var (garbled, _) = await context.ChangeAsync(referral.Id(), "withdraw", null, "yesterday");
        var (stale, _) = await context.ChangeAsync(referral.Id(), "withdraw", null, "\"9\"");
        var (withdrawn, closed) = await context.ChangeAsync(referral.Id(), "withdraw", new { reason = "Family moved away." }, created.ETag());
        var (twice, conflict) = await context.ChangeAsync(referral.Id(), "withdraw", null, withdrawn.ETag());
        var (unknown, _) = await context.ChangeAsync(Guid.NewGuid(), "withdraw", null, "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(("closed", "withdrawn-by-referrer"), (closed.Str("status"), closed.Str("closeReason")));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("closed", conflict.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type LIKE '%ReferralWithdrawn'"));
    }

    [Fact]
    public async Task Consent_decisions_move_the_case_referrals_on_once_even_when_redelivered()
    {
        await using var context = await ReferralTestContext.StartAsync();
        await using var accepted = await BusListener<ReferralAccepted>.StartAsync(context.VirtualHost);
        var granted = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Granted", nhsNumber: ReferralPayloads.NhsNumber(11), riskFactors: FourRisks));
        var refused = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Refused", nhsNumber: ReferralPayloads.NhsNumber(12), riskFactors: FourRisks));
        var bus = context.Service.Services.GetRequiredService<IBus>();
        var sharingOnly = new ConsentGranted(granted.CaseId()!.Value, [ConsentPurpose.Sharing], ["police"], DateTimeOffset.UtcNow);
        var grant = new ConsentGranted(granted.CaseId()!.Value, [ConsentPurpose.Assessment], ["police"], DateTimeOffset.UtcNow);
        var sharingOnlyId = Guid.NewGuid();
        using var duplicates = new DuplicateWatch();
        await bus.Publish(sharingOnly, c => c.MessageId = sharingOnlyId); // no consent to assessment: nothing to accept
        await Handled.ReceiptAsync(context.Database, sharingOnlyId);
        Assert.Equal("awaiting-consent", (await context.ReferralAsync(granted.Id())).Str("status"));
        var messageId = Guid.NewGuid();

        await bus.Publish(grant, c => c.MessageId = messageId);
        await bus.Publish(grant, c => c.MessageId = messageId);
        await bus.Publish(new ConsentRefused(refused.CaseId()!.Value, DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(async () => (await context.ReferralAsync(granted.Id())).Str("status") == "accepted", "consent granted is applied");
        await Eventually.TrueAsync(async () => (await context.ReferralAsync(refused.Id())).Str("status") == "closed", "consent refused is applied");
        await duplicates.SkippedAsync<Messaging.ConsentGrantedConsumer>();
        Assert.Equal(2, (await context.ReferralAsync(granted.Id())).GetProperty("version").GetInt32());
        Assert.Equal("consent-refused", (await context.ReferralAsync(refused.Id())).Str("closeReason"));
        await accepted.WaitForCountAsync(1); // published through the outbox, so it can arrive after the status changed
        Assert.Single(accepted.Messages);
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages WHERE message_id = @messageId", new { messageId }));

        // The referring agency heard, on its own feed, its referrals screened and the family's decision on each, once.
        var heard = await AgencyFeedReader.TakeAsync(context.VirtualHost, "police", 4);
        (string, string, Guid)[] expected =
        [
            (NotificationKind.ReferralScreened, "eligible", granted.Id()), (NotificationKind.ReferralScreened, "eligible", refused.Id()),
            (NotificationKind.ConsentDecided, ConsentDecision.Given, granted.Id()), (NotificationKind.ConsentDecided, ConsentDecision.Refused, refused.Id()),
        ];
        Assert.Equal(expected.Order(), heard.Select(n => (n.Kind, n.Status!, n.ReferralId!.Value)).Order());
        Assert.Empty(await AgencyFeedReader.TakeAllAsync(context.VirtualHost, "police"));
    }
}
