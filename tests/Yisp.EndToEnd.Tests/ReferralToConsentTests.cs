using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

public sealed class ReferralToConsentTests
{
    private static readonly object[] Everything =
    [
        new { purpose = "assessment", granted = true },
        new { purpose = "intervention", granted = true },
        new { purpose = "sharing", agency = "police", granted = true },
        new { purpose = "sharing", agency = "education", granted = true },
    ];

    [Fact]
    public async Task A_referral_made_at_the_gateway_is_accepted_on_consent_its_support_assigned_and_all_suspended_on_withdrawal()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        using var gateway = await platform.GatewayClientAsync(TestIdentity.Coordinator);

        var created = await gateway.PostAsJsonAsync("api/referrals", ReferralPayloads.Valid(
            agency: "police", agenciesInvolved: ["education"],
            riskFactors: ["family-conflict", "persistent-absence", "exclusion", "friends-involved-in-crime"]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var referral = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("awaiting-consent", referral.GetProperty("status").GetString());
        var referralId = referral.GetProperty("id").GetGuid();
        var caseId = referral.GetProperty("caseId").GetGuid();

        HttpResponseMessage request = null!;
        await Eventually.TrueAsync(async () => (request = await gateway.GetAsync($"api/consent/cases/{caseId}")).IsSuccessStatusCode,
            "the consent service opens a request for the case");
        var agencies = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("agencies").EnumerateArray().Select(a => a.GetString());
        Assert.Equal(["education", "police"], agencies);

        foreach (var party in new[] { "child", "parent-carer" })
        {
            var etag = (await gateway.GetAsync($"api/consent/cases/{caseId}")).Headers.ETag!.ToString();
            using var decide = new HttpRequestMessage(HttpMethod.Post, $"api/consent/cases/{caseId}/decisions")
            {
                Content = JsonContent.Create(new { party, recordedBy = "YISP key worker", method = "in-person", items = Everything }),
            };
            decide.Headers.TryAddWithoutValidation("If-Match", etag);
            Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(decide)).StatusCode);
        }

        await Eventually.TrueAsync(async () => await StatusAsync(gateway, referralId) == "accepted", "the referral is accepted on consent");
        var check = await gateway.GetFromJsonAsync<JsonElement>($"api/consent/check?caseId={caseId}&agency=education&purpose=assessment");
        Assert.True(check.GetProperty("allowed").GetBoolean());

        HttpResponseMessage support = null!;
        await Eventually.TrueAsync(async () => (support = await gateway.GetAsync($"api/interventions/cases/{caseId}")).IsSuccessStatusCode,
            "the intervention service opens the case for assessment");
        var meeting = await (await gateway.PostAsJsonAsync("api/interventions/panels",
            new { scheduledFor = DateTimeOffset.UtcNow, caseIds = new[] { caseId } })).Content.ReadFromJsonAsync<JsonElement>();
        var decided = await gateway.PostAsJsonAsync($"api/interventions/panels/{meeting.GetProperty("id").GetGuid()}/decisions",
            new { caseId, decision = "support", reasons = "Education support agreed." });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        support = await gateway.GetAsync($"api/interventions/cases/{caseId}");
        using (var assign = new HttpRequestMessage(HttpMethod.Post, $"api/interventions/cases/{caseId}/interventions"))
        {
            assign.Content = JsonContent.Create(new
            {
                type = "education-support", leadAgency = "education", goals = new[] { "Back in full-time education" },
                plannedStart = "2026-12-01", plannedEnd = "2027-02-01",
            });
            assign.Headers.TryAddWithoutValidation("If-Match", support.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.Created, (await gateway.SendAsync(assign)).StatusCode);
        }

        var withdrawal = await gateway.PostAsJsonAsync($"api/consent/cases/{caseId}/withdraw",
            new { party = "parent-carer", recordedBy = "YISP key worker", method = "phone" });
        Assert.Equal(HttpStatusCode.OK, withdrawal.StatusCode);
        check = await gateway.GetFromJsonAsync<JsonElement>($"api/consent/check?caseId={caseId}&agency=education&purpose=assessment");
        Assert.False(check.GetProperty("allowed").GetBoolean());
        await Eventually.TrueAsync(async () => await StatusAsync(gateway, referralId) == "closed", "the referral closes when all consent is withdrawn");
        await Eventually.TrueAsync(async () =>
        {
            var view = await gateway.GetFromJsonAsync<JsonElement>($"api/interventions/cases/{caseId}");
            return view.GetProperty("suspended").GetBoolean() && view.GetProperty("interventions")[0].GetProperty("suspended").GetBoolean();
        }, "the case and its intervention are suspended");
    }

    private static async Task<string?> StatusAsync(HttpClient gateway, Guid referralId) =>
        (await gateway.GetFromJsonAsync<JsonElement>($"api/referrals/{referralId}")).GetProperty("status").GetString();
}
