using System.Net;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class CaseMatchingTests
{
    [Fact]
    public async Task A_second_agency_referring_by_the_same_NHS_number_joins_the_case_and_their_joint_concern_makes_it_eligible()
    {
        await using var context = await ReferralTestContext.StartAsync();
        await using var awaiting = await BusListener<ReferralAwaitingConsent>.StartAsync(context.VirtualHost);
        var nhs = ReferralPayloads.NhsNumber(1001);

        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", nhsNumber: nhs));
        var second = await context.CreatedAsync(ReferralPayloads.Valid(agency: "education", givenName: "Samuel", nhsNumber: nhs.Insert(3, " ")));

        Assert.Equal("ineligible", first.Outcome());
        Assert.Equal(first.CaseId(), second.CaseId());
        Assert.Equal("linked", second.GetProperty("match").Str("state"));
        Assert.Equal("awaiting-consent", second.Str("status"));
        var firstNow = await context.ReferralAsync(first.Id());
        Assert.Equal("awaiting-consent", firstNow.Str("status")); // screened again: two agencies are now concerned
        Assert.Equal(2, firstNow.GetProperty("version").GetInt32());
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
        await awaiting.WaitForCountAsync(2);
        Assert.All(awaiting.Messages, m => Assert.Equal(first.CaseId(), m.Message.CaseId));
    }

    [Fact]
    public async Task A_name_birth_date_and_postcode_sector_match_is_held_until_a_coordinator_confirms_it()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", familyName: "D'Arcy-Smith", postcode: "M1 1AE"));

        var (created, held) = await context.CreateAsync(ReferralPayloads.Valid(agency: "housing", familyName: "Darcy Smith", postcode: "M1 1BB"));

        Assert.Equal("pending-review", held.GetProperty("match").Str("state"));
        Assert.Equal(first.CaseId(), held.GetProperty("match").GetProperty("candidateCaseId").GetGuid());
        Assert.Null(held.CaseId());
        Assert.Equal("needs-review", held.Outcome());
        Assert.Equal("screened", held.Str("status"));

        var (stale, _) = await context.ChangeAsync(held.Id(), "match-decision", new { decision = "confirm" }, "\"7\"");
        var (confirmed, linked) = await context.ChangeAsync(held.Id(), "match-decision", new { decision = "confirm" }, created.ETag());

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(first.CaseId(), linked.CaseId());
        Assert.Equal("confirmed", linked.GetProperty("match").Str("state"));
        Assert.Equal("awaiting-consent", linked.Str("status"));
        Assert.Equal("\"2\"", confirmed.ETag());
    }

    [Fact]
    public async Task A_rejected_match_gives_the_child_a_case_of_their_own()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police"));
        var (created, held) = await context.CreateAsync(ReferralPayloads.Valid(agency: "health"));

        var (rejected, separate) = await context.ChangeAsync(held.Id(), "match-decision", new { decision = "reject" }, created.ETag());
        var (again, _) = await context.ChangeAsync(held.Id(), "match-decision", new { decision = "reject" }, rejected.ETag());

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.NotNull(separate.CaseId());
        Assert.NotEqual(first.CaseId(), separate.CaseId());
        Assert.Equal("rejected", separate.GetProperty("match").Str("state"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(2L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
    }

    [Fact]
    public async Task Two_agencies_referring_the_same_child_at_the_same_moment_end_with_one_case()
    {
        await using var context = await ReferralTestContext.StartAsync();
        for (var child = 0; child < 5; child++)
        {
            var upn = UpnFor(child);
            var results = await Task.WhenAll(
                context.CreateAsync(ReferralPayloads.Valid(agency: "police", givenName: $"Kid{child}", upn: upn)),
                context.CreateAsync(ReferralPayloads.Valid(agency: "education", givenName: $"Kid{child}", upn: upn)),
                context.CreateAsync(ReferralPayloads.Valid(agency: "health", givenName: $"Kid{child}", upn: upn)));

            Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Response.StatusCode));
            Assert.Single(results.Select(r => r.Body.CaseId()).Distinct());
            Assert.NotNull(results[0].Body.CaseId());
        }
        Assert.Equal(5L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
    }

    [Fact]
    public async Task After_the_case_closes_the_childs_next_referral_opens_a_new_episode_linked_to_the_last()
    {
        await using var context = await ReferralTestContext.StartAsync();
        await using var linked = await BusListener<ReferralLinkedToCase>.StartAsync(context.VirtualHost);
        var nhs = ReferralPayloads.NhsNumber(4242);
        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", nhsNumber: nhs,
            riskFactors: ["family-conflict", "persistent-absence", "exclusion", "substance-misuse"]));
        Assert.Equal("awaiting-consent", first.Str("status"));
        var bus = (MassTransit.IBus)context.Service.Services.GetService(typeof(MassTransit.IBus))!;

        await bus.Publish(new Yisp.Contracts.Interventions.CaseClosed(first.CaseId()!.Value, "goals-achieved", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await context.ReferralAsync(first.Id())).GetProperty("closeReason").GetString() == "case-closed",
            "the referral closes with its case");
        var again = await context.CreatedAsync(ReferralPayloads.Valid(agency: "education", nhsNumber: nhs));

        Assert.Equal("case-closed", (await context.ReferralAsync(first.Id())).Str("closeReason"));
        Assert.NotEqual(first.CaseId(), again.CaseId());
        Assert.Equal("new-case", again.GetProperty("match").Str("state"));
        await linked.WaitForCountAsync(2);
        Assert.Equal(first.CaseId(), linked.Messages.Single(m => m.Message.ReferralId == again.Id()).Message.PreviousCaseId);
        Assert.Null(linked.Messages.Single(m => m.Message.ReferralId == first.Id()).Message.PreviousCaseId);
    }

    /// <summary>A valid UPN per child: H80120000100n with its check letter worked out.</summary>
    private static string UpnFor(int child)
    {
        const string letters = "ABCDEFGHJKLMNPQRTUVWXYZ";
        var body = $"80120000{child:D3}1";
        var sum = body.Select((c, i) => (c - '0') * (i + 2)).Sum();
        return letters[sum % 23] + body;
    }
}
