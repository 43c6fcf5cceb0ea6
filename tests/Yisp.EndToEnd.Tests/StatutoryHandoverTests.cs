using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>
/// Police refers a child, children's social care refers the same child through its case system; consent shares the case
/// with social care and not with police; the panel escalates it. The youth offending team is on no consent at all.
/// </summary>
public sealed class StatutoryHandoverTests
{
    [Fact]
    public async Task Social_care_is_handed_over_an_escalated_case_it_shares_and_an_agency_consent_does_not_cover_hears_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        await using var policeSystem = await AgencyEndpoint.StartAsync();
        await using var socialCareSystem = await AgencyEndpoint.StartAsync();
        await using var yotSystem = await AgencyEndpoint.StartAsync();
        using var police = await platform.AdapterClientAsync(await platform.StartAdapterAsync("police", policeSystem), "police");
        using var socialCare = await platform.AdapterClientAsync(await platform.StartAdapterAsync("childrens-social-care", socialCareSystem), "childrens-social-care");
        using var yot = await platform.AdapterClientAsync(await platform.StartAdapterAsync("youth-offending-team", yotSystem), "youth-offending-team");
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);

        var referral = await ReferAsync(police);
        var caseId = (await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{referral}")).GetProperty("caseId").GetGuid();
        var fromSocialCare = await SocialCareRefersAsync(socialCare);
        var again = await SocialCareRefersAsync(socialCare);
        Assert.Equal(fromSocialCare, again);
        await AgencyJourneyTests.ConfirmMatchAsync(coordinator, fromSocialCare);
        await Eventually.FoundAsync(coordinator, $"api/consent/cases/{caseId}", request => request.GetProperty("agencies").GetArrayLength() == 2,
            "the consent request covers both referrers");
        await ConsentAsync(coordinator, caseId);
        await Eventually.TrueAsync(async () => (await coordinator.GetAsync($"api/interventions/cases/{caseId}")).IsSuccessStatusCode, "the case opens on consent");
        var reported = await socialCare.PostAsJsonAsync("statutory-status", new { caseId, reference = "CSC/CIN/0007", category = "CIN" });
        var notShared = await yot.PostAsJsonAsync("youth-justice", new { caseId, reference = "YJ/0007", outcome = "YC" });
        await DecideAndEscalateAsync(coordinator, caseId);

        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notShared.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(socialCareSystem.Received.Any(d => Kind(d.Body) == "handover-ready")), "social care is told of the handover",
            TimeSpan.FromSeconds(60));
        var notice = JsonNode.Parse(socialCareSystem.Received.First(d => Kind(d.Body) == "handover-ready").Body)!;
        Assert.Equal(caseId, notice["caseId"]!.GetValue<Guid>());
        var handover = await socialCare.GetAsync(notice["handover"]!.GetValue<string>().TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        var summary = await handover.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("escalated-to-statutory-services", "support"), (summary.GetProperty("outcome").GetString(),
            summary.GetProperty("panelDecisions")[0].GetProperty("decision").GetString()));

        // Whatever the youth offending team would have been told has had time to arrive: its feed is drained.
        await Eventually.TrueAsync(async () => await virtualHost.Management.QueueDepthAsync(virtualHost.Name, "agency.youth-offending-team") == 0,
            "the youth offending team's feed is drained");
        Assert.Empty(yotSystem.Received);
        Assert.Equal(0, (await yot.GetFromJsonAsync<JsonElement>("deliveries")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, socialCareSystem.BadSignatures);
        var flags = (await coordinator.GetFromJsonAsync<JsonElement>($"api/interventions/cases/{caseId}")).GetProperty("statutoryFlags");
        Assert.Equal("child-in-need", flags[0].GetProperty("code").GetString());
    }

    private static string? Kind(string body) => JsonNode.Parse(body)?["kind"]?.GetValue<string>();

    private static async Task<Guid> ReferAsync(HttpClient police)
    {
        const string Batch = "reference,given_name,family_name,date_of_birth,sex,address_line1,town,postcode,incident_type,incident_date,officer_name,officer_email,notes\n" +
            "PX/0701,Golf,Testchild,2013-02-11,male,7 Example Street,Testtown,M1 1AE,asb,2026-11-28,PC Hotel Testofficer,hotel@example.org,Seen with older youths\n";
        var report = await (await police.PostAsync("batches", new StringContent(Batch, Encoding.UTF8, "text/csv"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        return report.GetProperty("report")[0].GetProperty("referralId").GetGuid();
    }

    /// <summary>The same child, as the social care case system refers it (sent twice: the second is the first's answer).</summary>
    private static async Task<Guid> SocialCareRefersAsync(HttpClient socialCare)
    {
        var answer = await socialCare.PostAsJsonAsync("referrals", new
        {
            referralReference = "CSC/REF/0707",
            child = new
            {
                firstName = "Golf",
                lastName = "Testchild",
                dateOfBirth = "2013-02-11",
                gender = "male",
                address = new { line1 = "7 Example Street", town = "Testtown", postcode = "M1 1AE" }
            },
            socialWorker = new { name = "Sam Worker", team = "Assessment Team 2", email = "sam.worker@council.example" },
            assessmentSummary = "Assessed below threshold for statutory help; early help recommended.",
            riskFactors = new[] { "family-conflict" },
        });
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("referralId").GetGuid();
    }

    /// <summary>The family agrees to assessment and intervention, and to sharing with children's social care but not with police.</summary>
    private static async Task ConsentAsync(HttpClient coordinator, Guid caseId)
    {
        await Eventually.TrueAsync(async () => (await coordinator.GetAsync($"api/consent/cases/{caseId}")).IsSuccessStatusCode, "the consent request is open");
        object[] items =
        [
            new { purpose = "assessment", granted = true },
            new { purpose = "intervention", granted = true },
            new { purpose = "sharing", agency = "childrens-social-care", granted = true },
            new { purpose = "sharing", agency = "police", granted = false },
        ];
        await CaseSteps.DecideConsentAsync(coordinator, caseId, items);
    }

    private static async Task DecideAndEscalateAsync(HttpClient coordinator, Guid caseId)
    {
        var meeting = await (await coordinator.PostAsJsonAsync("api/interventions/panels", new { scheduledFor = DateTimeOffset.UtcNow, caseIds = new[] { caseId } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"api/interventions/panels/{meeting.GetProperty("id").GetGuid()}/decisions",
            new { caseId, decision = "support", reasons = "Early help agreed." })).StatusCode);
        await CaseSteps.CloseAsync(coordinator, caseId, "escalated-to-statutory-services", "Now open to social care under child in need.");
    }
}
