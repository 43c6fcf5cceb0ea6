using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>Agencies that lead interventions hear of them through their adapters and report progress back through them.</summary>
public sealed class LeadAgencyAdapterTests
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_youth_service_note_sent_through_its_adapter_lands_on_the_intervention_it_leads_and_nowhere_else()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        await using var youthSystem = await AgencyEndpoint.StartAsync();
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        using var police = await platform.GatewayClientAsync(TestIdentity.AgencyClient("police"));
        var created = await police.PostAsJsonAsync("api/referrals", ReferralPayloads.Valid(agency: "police", agenciesInvolved: ["youth-service", "education"],
            riskFactors: ["family-conflict", "persistent-absence", "exclusion", "friends-involved-in-crime"]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        await Eventually.TrueAsync(async () => (await coordinator.GetAsync($"api/consent/cases/{caseId}")).IsSuccessStatusCode, "the consent request opens");
        await CaseSteps.DecideConsentAsync(coordinator, caseId,
        [
            new { purpose = "assessment", granted = true },
            new { purpose = "intervention", granted = true },
            new { purpose = "sharing", agency = "youth-service", granted = true },
            new { purpose = "sharing", agency = "education", granted = true },
            new { purpose = "sharing", agency = "police", granted = false },
        ]);
        await CaseSteps.DecideSupportAsync(coordinator, caseId);
        var mentoring = await CaseSteps.AssignAsync(coordinator, caseId, "mentoring", "youth-service");
        var activities = await CaseSteps.AssignAsync(coordinator, caseId, "positive-activities", "youth-service");
        var schoolSupport = await CaseSteps.AssignAsync(coordinator, caseId, "education-support", "education");
        await StartAsync(coordinator, caseId, mentoring);

        // The adapter starts after the assignments: it fetches each intervention's status as it reads the feed, so the
        // youth service hears mentoring is active now. Its system is down at first and recovers.
        youthSystem.Failing = true;
        using var youth = await platform.AdapterClientAsync(await platform.StartAdapterAsync("youth-service", youthSystem), "youth-service");
        await Eventually.TrueAsync(() => Task.FromResult(youthSystem.Refused > 0), "a delivery is tried while the youth service's system is down",
            TimeSpan.FromSeconds(60));
        youthSystem.Failing = false;
        await Eventually.TrueAsync(() => Task.FromResult(Assigned(youthSystem).Count == 2), "both interventions the youth service leads arrive",
            TimeSpan.FromSeconds(60));
        Assert.Equal("active", Assigned(youthSystem)[mentoring]);
        Assert.Equal("planned", Assigned(youthSystem)[activities]);
        Assert.DoesNotContain(youthSystem.Received, d => d.Body.Contains(schoolSupport.ToString(), StringComparison.Ordinal));

        var note = new { id = "YS-PN-0001", caseId, interventionId = mentoring, recordedBy = "Jo Youthworker", recordedOn = Today, note = "First mentoring session: made a plan." };
        var first = await youth.PostAsJsonAsync("progress-notes", note);
        var again = await youth.PostAsJsonAsync("progress-notes", note);
        var register = await youth.PostAsJsonAsync("attendance", new
        {
            id = "REG-0001",
            caseId,
            interventionId = mentoring,
            recordedBy = "Jo Youthworker",
            sessions = new[] { new { date = Today, activity = "Climbing", attended = true, minutes = 60 } },
        });
        var notLed = await youth.PostAsJsonAsync("progress-notes", new { id = "YS-PN-0002", caseId, interventionId = schoolSupport, recordedBy = "Jo Youthworker", recordedOn = Today, note = "Not ours." });
        var bad = await youth.PostAsJsonAsync("progress-notes", new { id = "YS-PN-0003", caseId, recordedBy = "Jo Youthworker", recordedOn = Today, note = "No intervention." });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notLed.StatusCode);
        Assert.Equal(403, (await notLed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("platformStatus").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("interventionId", out _));
        var notes = await coordinator.GetFromJsonAsync<JsonElement>(Progress(caseId, mentoring));
        Assert.Equal(["youth-service", "youth-service"], notes.EnumerateArray().Select(n => n.GetProperty("agency").GetString()));
        Assert.Equal(1, notes.EnumerateArray().Count(n => n.GetProperty("note").GetString()!.Contains("First mentoring session", StringComparison.Ordinal)));
        Assert.Contains(notes.EnumerateArray(), n => n.GetProperty("note").GetString()!.Contains("1 of 1 sessions attended", StringComparison.Ordinal));
        Assert.Equal(0, (await coordinator.GetFromJsonAsync<JsonElement>(Progress(caseId, activities))).GetArrayLength());
        Assert.Equal(0, (await coordinator.GetFromJsonAsync<JsonElement>(Progress(caseId, schoolSupport))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync(Progress(caseId, mentoring))).StatusCode);
        Assert.Equal(0, youthSystem.BadSignatures);
    }

    [Fact]
    public async Task Housing_refers_through_its_adapter_and_housing_and_careers_hear_of_the_interventions_they_lead_through_an_outage()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        await using var housingSystem = await AgencyEndpoint.StartAsync();
        await using var careersSystem = await AgencyEndpoint.StartAsync();
        housingSystem.Failing = careersSystem.Failing = true;
        using var housing = await platform.AdapterClientAsync(await platform.StartAdapterAsync("housing", housingSystem), "housing");
        using var careers = await platform.AdapterClientAsync(await platform.StartAdapterAsync("careers", careersSystem), "careers");
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);

        var referral = AgencyMessages.TenancyReferral(agenciesInvolved: "careers");
        referral["child"]!["dateOfBirth"] = "2014-05-01"; // within the panel's ages (8 to 13)
        referral["riskFactors"] = new System.Text.Json.Nodes.JsonArray("family-conflict"); // a fourth risk factor beside the incidents' three
        var referred = await housing.PostAsync("tenancy-referrals", new StringContent(referral.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var resent = await housing.PostAsync("tenancy-referrals", new StringContent(referral.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        referral["child"]!["dateOfBirth"] = "not-a-date";
        referral["id"] = "ASB-2026-0043";
        var refused = await housing.PostAsync("tenancy-referrals", new StringContent(referral.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, referred.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var referralId = (await referred.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("referralId").GetGuid();
        Assert.Equal(referralId, (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("referralId").GetGuid());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("child.dateOfBirth", out _));
        var caseId = (await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{referralId}")).GetProperty("caseId").GetGuid();
        await Eventually.TrueAsync(async () => (await coordinator.GetAsync($"api/consent/cases/{caseId}")).IsSuccessStatusCode, "the consent request opens",
            TimeSpan.FromSeconds(120)); // CI runs these beside the system tests' eight processes
        await CaseSteps.DecideConsentAsync(coordinator, caseId,
        [
            new { purpose = "assessment", granted = true },
            new { purpose = "intervention", granted = true },
            new { purpose = "sharing", agency = "housing", granted = true },
            new { purpose = "sharing", agency = "careers", granted = true },
        ]);
        await CaseSteps.DecideSupportAsync(coordinator, caseId);
        var tenancySupport = await CaseSteps.AssignAsync(coordinator, caseId, "housing-support", "housing");
        var guidance = await CaseSteps.AssignAsync(coordinator, caseId, "careers-guidance", "careers");

        await Eventually.TrueAsync(() => Task.FromResult(housingSystem.Refused > 0 && careersSystem.Refused > 0), "deliveries are tried while both systems are down",
            TimeSpan.FromSeconds(180));
        housingSystem.Failing = careersSystem.Failing = false;
        await Eventually.TrueAsync(() => Task.FromResult(Assigned(housingSystem).ContainsKey(tenancySupport) && Assigned(careersSystem).ContainsKey(guidance)),
            "each agency hears of the intervention it leads", TimeSpan.FromSeconds(180));
        Assert.Equal([tenancySupport], Assigned(housingSystem).Keys);
        Assert.Equal([guidance], Assigned(careersSystem).Keys);

        var report = new
        {
            id = "CX-0001",
            caseId,
            interventionId = guidance,
            adviser = "Kim Adviser",
            periodStart = Today,
            periodEnd = Today,
            meetingsHeld = 2,
            eetStatus = "apprenticeship",
        };
        var reported = await careers.PostAsJsonAsync("engagement", report);
        var notLed = await careers.PostAsJsonAsync("engagement", new
        {
            report.id,
            caseId,
            interventionId = tenancySupport,
            report.adviser,
            report.periodStart,
            report.periodEnd,
            report.meetingsHeld,
            report.eetStatus
        });

        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notLed.StatusCode);
        var notes = await coordinator.GetFromJsonAsync<JsonElement>(Progress(caseId, guidance));
        Assert.Equal("careers", Assert.Single(notes.EnumerateArray()).GetProperty("agency").GetString());
        Assert.Contains("(apprenticeship)", notes[0].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await coordinator.GetFromJsonAsync<JsonElement>(Progress(caseId, tenancySupport))).GetArrayLength());
        Assert.Equal(0, housingSystem.BadSignatures + careersSystem.BadSignatures);
    }

    private static string Progress(Guid caseId, Guid interventionId) => $"api/interventions/cases/{caseId}/interventions/{interventionId}/progress";

    /// <summary>The interventions an agency's system heard were assigned to it, with the status it received.</summary>
    private static Dictionary<Guid, string> Assigned(AgencyEndpoint endpoint) => endpoint.Received
        .Select(d => JsonNode.Parse(d.Body)!)
        .Where(n => n["kind"]?.GetValue<string>() == "intervention-assigned")
        .ToDictionary(n => n["interventionId"]!.GetValue<Guid>(), n => n["status"]!.GetValue<string>());

    private static async Task StartAsync(HttpClient coordinator, Guid caseId, Guid interventionId)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"api/interventions/cases/{caseId}/interventions/{interventionId}/start");
        start.Headers.TryAddWithoutValidation("If-Match", (await coordinator.GetAsync($"api/interventions/cases/{caseId}")).Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendAsync(start)).StatusCode);
    }
}
