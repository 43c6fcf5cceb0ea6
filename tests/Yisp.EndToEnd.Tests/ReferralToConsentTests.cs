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

    /// <summary>A police referral through the gateway, consented by child and parent: the referral's and the case's ids.</summary>
    private static async Task<(Guid ReferralId, Guid CaseId)> ConsentedReferralAsync(PlatformProcesses platform, HttpClient gateway)
    {
        using var police = await platform.GatewayClientAsync(TestIdentity.AgencyClient("police"));
        var created = await police.PostAsJsonAsync("api/referrals", ReferralPayloads.Valid(
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
        return (referralId, caseId);
    }

    [Fact]
    public async Task A_referral_made_at_the_gateway_is_accepted_on_consent_its_support_assigned_and_all_suspended_on_withdrawal()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        using var gateway = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        var (referralId, caseId) = await ConsentedReferralAsync(platform, gateway);

        var check = await gateway.GetFromJsonAsync<JsonElement>($"api/consent/check?caseId={caseId}&agency=education&purpose=assessment");
        Assert.True(check.GetProperty("allowed").GetBoolean());

        await AssignEducationSupportAsync(gateway, caseId);
        using var education = await platform.GatewayClientAsync(TestIdentity.AgencyClient("education"));
        Assert.Equal(HttpStatusCode.OK, (await education.GetAsync($"api/interventions/cases/{caseId}")).StatusCode);

        var withdrawal = await gateway.PostAsJsonAsync($"api/consent/cases/{caseId}/withdraw",
            new { party = "parent-carer", recordedBy = "YISP key worker", method = "phone" });
        Assert.Equal(HttpStatusCode.OK, withdrawal.StatusCode);
        // Confirmed to the family: from this moment no agency reads the case, whether or not the event has arrived.
        Assert.Equal(HttpStatusCode.NotFound, (await education.GetAsync($"api/interventions/cases/{caseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await education.GetAsync($"api/interventions/cases/{caseId}/timeline")).StatusCode);
        check = await gateway.GetFromJsonAsync<JsonElement>($"api/consent/check?caseId={caseId}&agency=education&purpose=assessment");
        Assert.False(check.GetProperty("allowed").GetBoolean());
        await Eventually.TrueAsync(async () => await StatusAsync(gateway, referralId) == "closed", "the referral closes when all consent is withdrawn");
        await Eventually.TrueAsync(async () =>
        {
            var view = await gateway.GetFromJsonAsync<JsonElement>($"api/interventions/cases/{caseId}");
            return view.GetProperty("suspended").GetBoolean() && view.GetProperty("interventions")[0].GetProperty("suspended").GetBoolean();
        }, "the case and its intervention are suspended");
    }

    /// <summary>The case opens on consent, the panel decides support, and education is assigned an intervention: its id.</summary>
    private static async Task<Guid> AssignEducationSupportAsync(HttpClient gateway, Guid caseId)
    {
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
                type = "education-support",
                leadAgency = "education",
                goals = new[] { "Back in full-time education" },
                plannedStart = "2026-12-01",
                plannedEnd = "2027-02-01",
            });
            assign.Headers.TryAddWithoutValidation("If-Match", support.Headers.ETag!.ToString());
            var assigned = await gateway.SendAsync(assign);
            Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
            return (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("interventions")[0].GetProperty("id").GetGuid();
        }
    }

    [Fact]
    public async Task A_referral_goes_through_consent_and_the_panel_to_its_lead_agency_and_on_to_closure()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        using var gateway = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        using var education = await platform.GatewayClientAsync(TestIdentity.AgencyClient("education"));
        var (referralId, caseId) = await ConsentedReferralAsync(platform, gateway);
        var interventionId = await AssignEducationSupportAsync(gateway, caseId);

        var caseView = await education.GetAsync($"api/interventions/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, caseView.StatusCode);
        using (var start = new HttpRequestMessage(HttpMethod.Post, $"api/interventions/cases/{caseId}/interventions/{interventionId}/start"))
        {
            start.Headers.TryAddWithoutValidation("If-Match", caseView.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.OK, (await education.SendAsync(start)).StatusCode);
        }
        var noted = await education.PostAsJsonAsync($"api/interventions/cases/{caseId}/interventions/{interventionId}/progress",
            new { agency = "education", recordedBy = "Learning mentor", note = "Attended every day this week." });
        Assert.Equal(HttpStatusCode.Created, noted.StatusCode);

        using (var close = new HttpRequestMessage(HttpMethod.Post, $"api/interventions/cases/{caseId}/close"))
        {
            close.Content = JsonContent.Create(new { outcome = "goals-achieved", summary = "Back in full-time education." });
            close.Headers.TryAddWithoutValidation("If-Match", (await gateway.GetAsync($"api/interventions/cases/{caseId}")).Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(close)).StatusCode);
        }

        await Eventually.TrueAsync(async () => await StatusAsync(gateway, referralId) == "closed", "the referral closes with its case");
        await Eventually.TrueAsync(async () => !(await gateway.GetFromJsonAsync<JsonElement>(
            $"api/consent/check?caseId={caseId}&agency=education&purpose=intervention")).GetProperty("allowed").GetBoolean(),
            "nothing stays consented once the case is closed");
        var timeline = await gateway.GetFromJsonAsync<JsonElement>($"api/interventions/cases/{caseId}/timeline");
        var kinds = timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["case-opened-for-assessment", "panel-decision-recorded", "intervention-assigned", "intervention-started",
            "intervention-progress-recorded", "intervention-stopped", "case-closed"], kinds);
        await TheJourneyShowsInTheFiguresAsync(platform, gateway, referralId, caseId);
    }

    /// <summary>Reporting heard the whole journey: its read model holds the true facts, and the published figures show them only as "c".</summary>
    private static async Task TheJourneyShowsInTheFiguresAsync(PlatformProcesses platform, HttpClient gateway, Guid referralId, Guid caseId)
    {
        await using var reporting = new Npgsql.NpgsqlConnection(platform.ReportingDatabase.ConnectionString);
        async Task<string?> Fact(string sql) => (await Dapper.SqlMapper.ExecuteScalarAsync(reporting, sql, new { referralId, caseId }))?.ToString();
        await Eventually.TrueAsync(async () => await Fact("SELECT outcome FROM rm_cases WHERE case_id = @caseId") == "goals-achieved",
            "reporting hears the case close");
        Assert.Equal("police", await Fact("SELECT referring_agency FROM rm_referrals WHERE referral_id = @referralId AND case_id = @caseId"));
        Assert.Equal("eligible", await Fact("SELECT screening_outcome FROM rm_referrals WHERE referral_id = @referralId"));
        Assert.Equal("1", await Fact("SELECT COUNT(*) FROM rm_cases WHERE case_id = @caseId AND consent_given_at IS NOT NULL AND panel_decision = 'support' AND first_intervention_at >= panel_decided_at"));
        Assert.Equal("1", await Fact("SELECT COUNT(*) FROM rm_interventions WHERE case_id = @caseId AND lead_agency = 'education' AND started_at IS NOT NULL AND stopped_at IS NOT NULL"));
        var payloads = await Fact("SELECT string_agg(payload, ' ') FROM report_events") ?? "";
        Assert.DoesNotContain("Back in full-time education", payloads, StringComparison.Ordinal);
        Assert.DoesNotContain("Attended every day", payloads, StringComparison.Ordinal);

        var figures = await gateway.GetFromJsonAsync<JsonElement>($"api/reports/figures?from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}");
        var byAgency = figures.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "referrals-by-agency").GetProperty("table");
        var outcomes = figures.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "outcomes").GetProperty("table");
        Assert.Equal(["police"], byAgency.GetProperty("rowLabels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("c", byAgency.GetProperty("cells")[0][0].GetString()); // one child: never shown as a number
        Assert.Equal(["goals-achieved"], outcomes.GetProperty("rowLabels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("c", outcomes.GetProperty("cells")[0][0].GetString());
    }

    private static async Task<string?> StatusAsync(HttpClient gateway, Guid referralId) =>
        (await gateway.GetFromJsonAsync<JsonElement>($"api/referrals/{referralId}")).GetProperty("status").GetString();
}
