using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>One child referred by health (FHIR) and by police (a batch row), worked through consent that shares the case with health only.</summary>
public sealed class AgencyJourneyTests
{
    [Fact]
    public async Task Each_agency_hears_exactly_what_consent_lets_it_and_withdrawal_stops_health_hearing_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        await using var healthSystem = await AgencyEndpoint.StartAsync();
        await using var policeSystem = await AgencyEndpoint.StartAsync();
        await using var educationSystem = await AgencyEndpoint.StartAsync();
        using var health = await platform.AdapterClientAsync(await platform.StartAdapterAsync("health", healthSystem), "health");
        using var police = await platform.AdapterClientAsync(await platform.StartAdapterAsync("police", policeSystem), "police");
        await platform.StartAdapterAsync("education", educationSystem);
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);

        var healthReferral = await ReferByFhirAsync(health);
        var caseId = (await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{healthReferral}")).GetProperty("caseId").GetGuid();
        var policeReferral = await ReferByBatchAsync(police);
        await ConfirmMatchAsync(coordinator, policeReferral);
        await Eventually.FoundAsync(coordinator, $"api/consent/cases/{caseId}", request => request.GetProperty("agencies").GetArrayLength() == 2,
            "the consent request covers both referrers");
        await ConsentSharingWithHealthOnlyAsync(coordinator, caseId);
        var intervention = await AssignHealthSupportAsync(coordinator, caseId);

        await Eventually.TrueAsync(() => Task.FromResult(Kinds(healthSystem).Contains("intervention-assigned")), "health hears of its intervention",
            TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => Task.FromResult(Kinds(policeSystem).Contains("consent-decided")), "police hears the family's decision",
            TimeSpan.FromSeconds(60));
        Assert.Contains("case-shared", Kinds(healthSystem));
        Assert.Contains(healthSystem.Received, d => d.Body.Contains(intervention.ToString(), StringComparison.Ordinal)
            && JsonNode.Parse(d.Body)!["resourceType"]!.GetValue<string>() == "Task");
        Assert.All(policeSystem.Received, d => Assert.Equal(policeReferral, JsonNode.Parse(d.Body)!["referralId"]!.GetValue<Guid>()));
        Assert.DoesNotContain("case-shared", Kinds(policeSystem));

        var withdrawn = await coordinator.PostAsJsonAsync($"api/consent/cases/{caseId}/withdraw", new
        {
            party = "parent-carer",
            recordedBy = "YISP key worker",
            method = "phone",
            purposes = new[] { "sharing" },
            agencies = new[] { "health" },
        });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(Kinds(healthSystem).Contains("case-no-longer-shared") && Kinds(healthSystem).Contains("intervention-suspended")),
            "health is told the case is no longer shared and to stop work", TimeSpan.FromSeconds(60));
        var heardBeforeClosure = healthSystem.Received.Count;
        await CloseAsync(coordinator, caseId);
        await Eventually.TrueAsync(async () => (await coordinator.GetFromJsonAsync<JsonElement>($"api/consent/cases/{caseId}")).GetProperty("status").GetString() == "closed",
            "the closure reaches consent");
        await Eventually.TrueAsync(async () => await virtualHost.Management.QueueDepthAsync(virtualHost.Name, "agency.health") == 0
            && (await health.GetFromJsonAsync<JsonElement>("deliveries?status=pending")).GetProperty("items").GetArrayLength() == 0,
            "health's feed and its adapter's deliveries are drained: whatever the closure sent health would have arrived");

        Assert.Equal(heardBeforeClosure, healthSystem.Received.Count);
        Assert.DoesNotContain("case-closed", Kinds(healthSystem));
        Assert.Empty(educationSystem.Received);
        Assert.Equal(0, healthSystem.BadSignatures + policeSystem.BadSignatures);
    }

    private static List<string> Kinds(AgencyEndpoint endpoint) =>
        [.. endpoint.Received.Select(d => JsonNode.Parse(d.Body)!).Select(n => n["kind"]?.GetValue<string>()
            ?? n["category"]?[0]?["coding"]?[0]?["code"]?.GetValue<string>() ?? TaskKind(n))];

    /// <summary>A FHIR Task is health's form of an intervention notice.</summary>
    private static string TaskKind(JsonNode task) => task["resourceType"]?.GetValue<string>() == "Task"
        ? task["status"]?.GetValue<string>() == "on-hold" ? "intervention-suspended" : "intervention-assigned"
        : "unknown";

    private static async Task<Guid> ReferByFhirAsync(HttpClient health)
    {
        var bundle = FhirBundles.Valid();
        var categories = bundle.Resource(0)["category"]!.AsArray();
        foreach (var code in new[] { "family-conflict", "persistent-absence" })
        {
            categories.Add(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "urn:yisp:risk-factor", ["code"] = code }) });
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json") };
        request.Headers.Add("Idempotency-Key", "gp-message-journey");
        var answer = await health.SendAsync(request);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body.ToString());
        return Guid.Parse(body.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!["ServiceRequest/".Length..]);
    }

    private static async Task<Guid> ReferByBatchAsync(HttpClient police)
    {
        const string Batch = "reference,given_name,family_name,date_of_birth,sex,address_line1,town,postcode,incident_type,incident_date,officer_name,officer_email,notes\n" +
            "PX/0201,Alfred,Testchild,2014-03-09,male,1 Example Street,Testtown,SW1A 1AA,asb,2026-11-28,PC Delta Testofficer,delta@example.org,Seen with older youths\n";
        var report = await (await police.PostAsync("batches", new StringContent(Batch, Encoding.UTF8, "text/csv"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        return report.GetProperty("report")[0].GetProperty("referralId").GetGuid();
    }

    /// <summary>The police row matched the child only by name, birth date and postcode: a coordinator confirms it is the same child.</summary>
    internal static async Task ConfirmMatchAsync(HttpClient coordinator, Guid referral)
    {
        var current = await coordinator.GetAsync($"api/referrals/{referral}");
        Assert.Equal("pending-review", (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("match").GetProperty("state").GetString());
        using var confirm = new HttpRequestMessage(HttpMethod.Post, $"api/referrals/{referral}/match-decision")
        {
            Content = JsonContent.Create(new { decision = "confirm", reason = "Same child, same address." }),
        };
        confirm.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendAsync(confirm)).StatusCode);
    }

    private static async Task ConsentSharingWithHealthOnlyAsync(HttpClient coordinator, Guid caseId)
    {
        object[] items =
        [
            new { purpose = "assessment", granted = true },
            new { purpose = "intervention", granted = true },
            new { purpose = "sharing", agency = "health", granted = true },
            new { purpose = "sharing", agency = "police", granted = false },
        ];
        await CaseSteps.DecideConsentAsync(coordinator, caseId, items);
    }

    private static async Task<Guid> AssignHealthSupportAsync(HttpClient coordinator, Guid caseId)
    {
        await CaseSteps.DecideSupportAsync(coordinator, caseId);
        return await CaseSteps.AssignAsync(coordinator, caseId, "health-camhs", "health");
    }

    private static Task CloseAsync(HttpClient coordinator, Guid caseId) => CaseSteps.CloseAsync(coordinator, caseId, "goals-achieved", "Support ended.");

}
