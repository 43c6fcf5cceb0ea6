using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Agencies;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Referrals;
using Yisp.Testing;
using static Yisp.Consent.Tests.ConsentTestContext;

namespace Yisp.Consent.Tests;

public sealed class ConsentApiTests
{
    private static readonly object[] AllForPolice = [Grant("assessment"), Grant("intervention"), Grant("sharing", "police")];

    [Fact]
    public async Task A_referral_awaiting_consent_opens_one_request_and_redelivery_changes_nothing()
    {
        await using var context = await StartAsync();
        var bus = context.Service.Services.GetRequiredService<IBus>();
        var caseId = Guid.NewGuid();
        var awaiting = new ReferralAwaitingConsent(Guid.NewGuid(), caseId, "police", ["education"], DateTimeOffset.UtcNow);
        var messageId = Guid.NewGuid();

        using var duplicates = new DuplicateWatch();

        await bus.Publish(awaiting, c => c.MessageId = messageId);
        await bus.Publish(awaiting, c => c.MessageId = messageId);
        await bus.Publish(awaiting with { ReferralId = Guid.NewGuid(), ReferringAgency = "health", AgenciesInvolved = [] });
        await Eventually.TrueAsync(async () => (await context.GetAsync(caseId)).Body.ToString().Contains("health", StringComparison.Ordinal),
            "the second referral widens the request");
        await duplicates.SkippedAsync<Messaging.ReferralAwaitingConsentConsumer>();

        var (_, request) = await context.GetAsync(caseId);
        Assert.Equal(["education", "health", "police"], request.GetProperty("agencies").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["child", "parent-carer"], request.GetProperty("requiredParties").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, request.GetProperty("version").GetInt32());
        Assert.Equal(1L, await context.CountAsync("SELECT COUNT(*) FROM consent_requests"));
        Assert.Equal(1L, await context.CountAsync("SELECT COUNT(*) FROM inbox_messages WHERE message_id = @messageId", new { messageId }));
    }

    [Fact]
    public async Task Consent_given_by_both_parties_is_effective_only_for_the_agencies_granted_and_withdrawal_ends_it_at_once()
    {
        await using var context = await StartAsync();
        await using var granted = await BusListener<ConsentGranted>.StartAsync(context.VirtualHost);
        await using var withdrawn = await BusListener<ConsentWithdrawn>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police", "health");

        await context.DecideAsync(caseId, "child", [.. AllForPolice, Grant("sharing", "health")]);
        Assert.False(await context.CheckAsync(caseId, "police", "assessment")); // the parent has not decided yet
        var (answered, state) = await context.DecideAsync(caseId, "parent-carer", [.. AllForPolice, Refuse("sharing", "health")]);

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(3, state.GetProperty("effective").GetArrayLength());
        Assert.True(await context.CheckAsync(caseId, "police", "assessment"));
        Assert.True(await context.CheckAsync(caseId, "police", "sharing"));
        Assert.False(await context.CheckAsync(caseId, "health", "assessment"));
        await granted.WaitForCountAsync(1);
        Assert.Equal(["police"], Assert.Single(granted.Messages).Message.Agencies);
        Assert.Equal(NotificationKind.CaseShared, Assert.Single(await AgencyFeedReader.TakeAsync(context.VirtualHost, "police", 1)).Kind);

        var (withdrawal, after) = await context.PostAsync(caseId, "withdraw", new { party = "parent-carer", recordedBy = "Key worker", method = "phone" });

        Assert.Equal(HttpStatusCode.OK, withdrawal.StatusCode);
        Assert.False(await context.CheckAsync(caseId, "police", "assessment"));
        Assert.Equal(0, after.GetProperty("effective").GetArrayLength());
        await withdrawn.WaitForCountAsync(1);
        Assert.True(Assert.Single(withdrawn.Messages).Message.Whole);
        Assert.Equal((NotificationKind.CaseNoLongerShared, caseId), (await AgencyFeedReader.TakeAsync(context.VirtualHost, "police", 1)) is [var gone] ? (gone.Kind, gone.CaseId!.Value) : default);
        Assert.Empty(await AgencyFeedReader.TakeAllAsync(context.VirtualHost, "health")); // health was refused sharing: it heard nothing
        var history = await context.Client.GetStringAsync($"/api/consent/cases/{caseId}/history");
        Assert.Equal(12, JsonDocument.Parse(history).RootElement.GetArrayLength()); // 4 + 4 decisions, then 4 withdrawals: nothing overwritten
    }

    [Fact]
    public async Task A_later_referral_of_a_case_already_consented_hears_the_consent_again()
    {
        await using var context = await StartAsync();
        await using var granted = await BusListener<ConsentGranted>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police");
        await context.DecideAsync(caseId, "child", AllForPolice);
        await context.DecideAsync(caseId, "parent-carer", AllForPolice);
        await granted.WaitForCountAsync(1);

        await context.Service.Services.GetRequiredService<IBus>().Publish(
            new ReferralAwaitingConsent(Guid.NewGuid(), caseId, "police", [], DateTimeOffset.UtcNow));

        await granted.WaitForCountAsync(2);
        Assert.All(granted.Messages, m => Assert.Contains("assessment", m.Message.Purposes));
    }

    [Fact]
    public async Task When_the_case_closes_its_consent_request_closes_and_nothing_stays_in_force()
    {
        await using var context = await StartAsync();
        var caseId = await context.OpenCaseAsync("police");
        await context.DecideAsync(caseId, "child", AllForPolice);
        await context.DecideAsync(caseId, "parent-carer", AllForPolice);
        Assert.True(await context.CheckAsync(caseId, "police", "assessment"));

        await context.Service.Services.GetRequiredService<IBus>().Publish(
            new Yisp.Contracts.Interventions.CaseClosed(caseId, "goals-achieved", DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(async () => (await context.GetAsync(caseId)).Body.GetProperty("status").GetString() == "closed",
            "the consent request closes with the case");
        Assert.False(await context.CheckAsync(caseId, "police", "assessment"));
        var (late, _) = await context.DecideAsync(caseId, "child", AllForPolice);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task A_partial_withdrawal_stops_sharing_with_that_agency_only()
    {
        await using var context = await StartAsync();
        await using var withdrawn = await BusListener<ConsentWithdrawn>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police", "education");
        object[] all = [.. AllForPolice, Grant("sharing", "education")];
        await context.DecideAsync(caseId, "child", all);
        await context.DecideAsync(caseId, "parent-carer", all);

        await context.PostAsync(caseId, "withdraw", new { party = "child", recordedBy = "Key worker", method = "verbal", purposes = new[] { "sharing" }, agencies = new[] { "education" } });

        Assert.False(await context.CheckAsync(caseId, "education", "assessment"));
        Assert.True(await context.CheckAsync(caseId, "police", "assessment"));
        await withdrawn.WaitForCountAsync(1);
        var message = Assert.Single(withdrawn.Messages).Message;
        Assert.False(message.Whole);
        Assert.Equal(["education"], message.Agencies);
    }

    [Fact]
    public async Task A_refusing_party_blocks_the_purpose_and_the_refusal_is_announced()
    {
        await using var context = await StartAsync();
        await using var refused = await BusListener<ConsentRefused>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police");

        await context.DecideAsync(caseId, "child", AllForPolice);
        await context.DecideAsync(caseId, "parent-carer", Refuse("assessment"), Refuse("intervention"), Refuse("sharing", "police"));

        Assert.False(await context.CheckAsync(caseId, "police", "assessment"));
        await refused.WaitForCountAsync(1);
    }

    [Fact]
    public async Task A_child_judged_competent_may_decide_alone()
    {
        await using var context = await StartAsync();
        var caseId = await context.OpenCaseAsync("police");

        var (judged, _) = await context.PostAsync(caseId, "competence", new { judgement = "Understands the support offered and its sharing (Gillick)." },
            await context.ETagAsync(caseId));
        await context.DecideAsync(caseId, "child", AllForPolice);
        var (notAParty, problem) = await context.DecideAsync(caseId, "parent-carer", Grant("assessment"));
        var (notAPartyWithdraws, _) = await context.PostAsync(caseId, "withdraw", new { party = "parent-carer", recordedBy = "K", method = "phone" });

        Assert.Equal(HttpStatusCode.OK, judged.StatusCode);
        Assert.True(await context.CheckAsync(caseId, "police", "assessment"));
        Assert.Equal(HttpStatusCode.BadRequest, notAParty.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("party", out _));
        Assert.Equal(HttpStatusCode.BadRequest, notAPartyWithdraws.StatusCode);
        Assert.True(await context.CheckAsync(caseId, "police", "assessment"));
    }

    [Fact]
    public async Task Bad_decisions_get_problems_naming_the_field_and_record_nothing()
    {
        await using var context = await StartAsync();
        var caseId = await context.OpenCaseAsync("police");
        var etag = await context.ETagAsync(caseId);

        var (badPurpose, purposeProblem) = await context.PostAsync(caseId, "decisions",
            new { party = "child", recordedBy = "K", method = "in-person", items = new[] { new { purpose = "marketing", granted = true } } }, etag);
        var (badAgency, agencyProblem) = await context.PostAsync(caseId, "decisions",
            new { party = "child", recordedBy = "K", method = "in-person", items = new[] { Grant("sharing", "housing") } }, etag);
        var (unknownParty, partyProblem) = await context.PostAsync(caseId, "decisions",
            new { party = "uncle", recordedBy = "K", method = "telepathy", items = new[] { Grant("assessment") } }, etag);
        var (noIfMatch, _) = await context.PostAsync(caseId, "decisions", new { party = "child", recordedBy = "K", method = "written", items = new[] { Grant("assessment") } });
        var (stale, _) = await context.PostAsync(caseId, "decisions", new { party = "child", recordedBy = "K", method = "written", items = new[] { Grant("assessment") } }, "\"99\"");
        var (unknownCase, _) = await context.PostAsync(Guid.NewGuid(), "decisions", new { party = "child", recordedBy = "K", method = "written", items = new[] { Grant("assessment") } }, "\"1\"");
        var (nullItem, nullProblem) = await context.PostAsync(caseId, "decisions", new { party = "child", recordedBy = "K", method = "written", items = new object?[] { null } }, etag);
        var (controls, controlProblem) = await context.PostAsync(caseId, "decisions",
            new { party = "child", recordedBy = "K\u0000", method = "written", documentReference = "DOC\u202E1", items = new[] { Grant("assessment") } }, etag);
        var (judgement, judgementProblem) = await context.PostAsync(caseId, "competence", new { judgement = "Understands \u0000 fully." }, etag);

        Assert.Equal(HttpStatusCode.BadRequest, badPurpose.StatusCode);
        Assert.True(purposeProblem.GetProperty("errors").TryGetProperty("items[0].purpose", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badAgency.StatusCode);
        Assert.True(agencyProblem.GetProperty("errors").TryGetProperty("items[0].agency", out _)); // housing is not on this request
        Assert.True(partyProblem.GetProperty("errors").TryGetProperty("party", out _) && partyProblem.GetProperty("errors").TryGetProperty("method", out _));
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownCase.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nullItem.StatusCode);
        Assert.True(nullProblem.GetProperty("errors").TryGetProperty("items[0]", out _));
        Assert.Equal(HttpStatusCode.BadRequest, controls.StatusCode);
        Assert.True(controlProblem.GetProperty("errors").TryGetProperty("recordedBy", out _), controlProblem.ToString());
        Assert.True(controlProblem.GetProperty("errors").TryGetProperty("documentReference", out _), controlProblem.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, judgement.StatusCode);
        Assert.True(judgementProblem.GetProperty("errors").TryGetProperty("judgement", out _), judgementProblem.ToString());
        Assert.Equal(0L, await context.CountAsync("SELECT COUNT(*) FROM consent_decisions"));
    }

    [Fact]
    public async Task A_decision_sent_twice_with_one_key_is_recorded_once_and_a_closed_case_takes_no_more()
    {
        await using var context = await StartAsync();
        var caseId = await context.OpenCaseAsync("police");
        var body = new { party = "child", recordedBy = "Key worker", method = "written", documentReference = "DOC-1", items = AllForPolice };
        var etag = await context.ETagAsync(caseId);

        var (first, _) = await context.PostAsync(caseId, "decisions", body, etag, "consent-form-77");
        var (again, _) = await context.PostAsync(caseId, "decisions", body, etag, "consent-form-77");
        var (other, _) = await context.PostAsync(caseId, "decisions", body with { documentReference = "DOC-2" }, etag, "consent-form-77");
        var (closed, _) = await context.PostAsync(caseId, "close", new { reason = "Family moved out of the area." }, await context.ETagAsync(caseId));
        var (late, lateProblem) = await context.PostAsync(caseId, "decisions", body, await context.ETagAsync(caseId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("closed", lateProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(3L, await context.CountAsync("SELECT COUNT(*) FROM consent_decisions"));
    }

    [Fact]
    public async Task The_consent_check_answers_over_the_bus_too()
    {
        await using var context = await StartAsync();
        var caseId = await context.OpenCaseAsync("police");
        await context.DecideAsync(caseId, "child", AllForPolice);
        await context.DecideAsync(caseId, "parent-carer", AllForPolice);
        var client = context.Service.Services.GetRequiredService<IClientFactory>().CreateRequestClient<CheckConsent>();

        var allowed = await client.GetResponse<ConsentCheckResult>(new CheckConsent(caseId, "police", "intervention"));
        var refused = await client.GetResponse<ConsentCheckResult>(new CheckConsent(caseId, "education", "intervention"));

        Assert.True(allowed.Message.Allowed);
        Assert.NotNull(allowed.Message.ExpiresAt);
        Assert.False(refused.Message.Allowed);
    }
}
