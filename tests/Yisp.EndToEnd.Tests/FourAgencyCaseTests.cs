using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>
/// One child's case worked by four agencies, each through its own adapter and its own system: police refer (naming the
/// school, the youth service and social care as involved), the panel takes the case in, the family shares it with all
/// but police, education and the youth service deliver, the youth service's system reports progress, and the case is
/// escalated to social care. The youth offending team's adapter runs throughout, on no consent at all.
/// </summary>
public sealed class FourAgencyCaseTests(ITestOutputHelper output)
{
    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Each_agencys_system_receives_exactly_what_consent_lets_it_see_and_a_youth_service_note_lands_on_its_own_intervention()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        var systems = new Dictionary<string, AgencyEndpoint>();
        var adapters = new Dictionary<string, HttpClient>();
        try
        {
            foreach (var agency in new[] { "police", "education", "youth-service", "childrens-social-care", "youth-offending-team" })
            {
                systems[agency] = await AgencyEndpoint.StartAsync();
                adapters[agency] = await platform.AdapterClientAsync(await platform.StartAdapterAsync(agency, systems[agency]), agency);
            }
            await WorkTheCaseAsync(platform, systems, adapters);
        }
        finally
        {
            foreach (var client in adapters.Values)
            {
                client.Dispose();
            }
            foreach (var system in systems.Values)
            {
                await system.DisposeAsync();
            }
        }
    }

    private async Task WorkTheCaseAsync(PlatformProcesses platform, Dictionary<string, AgencyEndpoint> systems, Dictionary<string, HttpClient> adapters)
    {
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        var referralId = await PoliceReferAsync(adapters["police"]);
        var caseId = await TakeInAsync(coordinator, referralId);
        await Eventually.TrueAsync(async () => (await coordinator.GetAsync($"api/consent/cases/{caseId}")).IsSuccessStatusCode, "the consent request opens");
        Assert.Equal(["childrens-social-care", "education", "police", "youth-service"], (await coordinator.GetFromJsonAsync<JsonElement>($"api/consent/cases/{caseId}"))
            .GetProperty("agencies").EnumerateArray().Select(a => a.GetString()).Order());
        await CaseSteps.DecideConsentAsync(coordinator, caseId,
        [
            new { purpose = "assessment", granted = true },
            new { purpose = "intervention", granted = true },
            new { purpose = "sharing", agency = "education", granted = true },
            new { purpose = "sharing", agency = "youth-service", granted = true },
            new { purpose = "sharing", agency = "childrens-social-care", granted = true },
            new { purpose = "sharing", agency = "police", granted = false },
        ]);
        await CaseSteps.DecideSupportAsync(coordinator, caseId);
        var mentoring = await CaseSteps.AssignAsync(coordinator, caseId, "mentoring", "youth-service");
        var schoolSupport = await CaseSteps.AssignAsync(coordinator, caseId, "education-support", "education");

        await Eventually.TrueAsync(() => Task.FromResult(Notices(systems["youth-service"]).Any(n => Id(n, "interventionId") == mentoring)),
            "the youth service's system hears of the mentoring it leads", TimeSpan.FromSeconds(60));
        var note = await adapters["youth-service"].PostAsJsonAsync("progress-notes", new
        {
            id = "YS-PN-4001",
            caseId,
            interventionId = mentoring,
            recordedBy = "Jo Youthworker",
            recordedOn = Today,
            note = "Met at the youth centre; agreed weekly sessions.",
        });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var mentoringNotes = await coordinator.GetFromJsonAsync<JsonElement>(Progress(caseId, mentoring));
        Assert.Equal("youth-service", Assert.Single(mentoringNotes.EnumerateArray()).GetProperty("agency").GetString());
        Assert.Equal(0, (await coordinator.GetFromJsonAsync<JsonElement>(Progress(caseId, schoolSupport))).GetArrayLength());

        await CaseSteps.CloseAsync(coordinator, caseId, "escalated-to-statutory-services", "Now open to social care under child in need.");
        await Eventually.TrueAsync(() => Task.FromResult(Notices(systems["childrens-social-care"]).Any(n => Kind(n) == "handover-ready")),
            "social care's system is told of the handover", TimeSpan.FromSeconds(60));
        var handoverPath = Notices(systems["childrens-social-care"]).First(n => Kind(n) == "handover-ready")["handover"]!.GetValue<string>();
        var handover = await adapters["childrens-social-care"].GetFromJsonAsync<JsonElement>(handoverPath.TrimStart('/'));
        Assert.Equal("escalated-to-statutory-services", handover.GetProperty("outcome").GetString());

        // The case's last notice is a hop behind the handover (consent hears the case closed, then stops sharing it), so an
        // empty feed before it is published says nothing: wait for it first.
        await Eventually.TrueAsync(() => Task.FromResult(new[] { "education", "youth-service", "childrens-social-care" }
            .All(agency => Heard(systems[agency]).Contains("case-no-longer-shared "))), "the sharing agencies are told it is no longer shared", TimeSpan.FromSeconds(60));
        foreach (var (agency, adapter) in adapters)
        {
            await SettledAsync(platform.VirtualHost, agency, adapter);
        }
        foreach (var (agency, system) in systems)
        {
            output.WriteLine($"{agency}: {string.Join(", ", Heard(system))}");
            Assert.Equal(0, system.BadSignatures);
        }

        // Police referred but the family did not share the case with them: they hear of their own referral only.
        Assert.Equal(["referral-screened ineligible", "referral-screened eligible", "consent-decided given"], Heard(systems["police"]));
        Assert.All(Notices(systems["police"]), n => Assert.Equal((referralId, null), (Id(n, "referralId"), Id(n, "interventionId"))));
        // Each deliverer hears of the case and of its own intervention (stopped when the case closed), never of the other's.
        string[] deliverer = ["case-shared ", "intervention-assigned planned", "intervention-changed stopped", "case-closed escalated-to-statutory-services", "case-no-longer-shared "];
        Assert.Equal(deliverer, Heard(systems["education"]));
        Assert.Equal(deliverer, Heard(systems["youth-service"]));
        Assert.All(Notices(systems["education"]).Where(n => n["interventionId"] is not null), n => Assert.Equal(schoolSupport, Id(n, "interventionId")));
        Assert.All(Notices(systems["youth-service"]).Where(n => n["interventionId"] is not null), n => Assert.Equal(mentoring, Id(n, "interventionId")));
        // Social care leads nothing: it hears the case is shared, then closed and handed over (those two in either order).
        var socialCare = Heard(systems["childrens-social-care"]);
        Assert.Equal(("case-shared ", "case-no-longer-shared "), (socialCare[0], socialCare[^1]));
        Assert.Equal(["case-closed escalated-to-statutory-services", "handover-ready escalated-to-statutory-services"], socialCare[1..^1].Order());
        Assert.All(systems.Where(s => s.Key != "police").SelectMany(s => Notices(s.Value)), n => Assert.Equal(caseId, Id(n, "caseId")));
        Assert.Empty(systems["youth-offending-team"].Received);
        Assert.Equal(0, (await adapters["youth-offending-team"].GetFromJsonAsync<JsonElement>("deliveries")).GetProperty("items").GetArrayLength());
    }

    /// <summary>A police batch of one row, naming the other agencies the force knows work with the child.</summary>
    private static async Task<Guid> PoliceReferAsync(HttpClient police)
    {
        const string Batch = "reference,given_name,family_name,date_of_birth,sex,address_line1,town,postcode,incident_type,incident_date,officer_name,officer_email,agencies_involved\n" +
            "PX/4001,Kilo,Testchild,2015-04-21,female,4 Example Road,Testtown,M1 1AE,asb,2026-11-27,PC India Testofficer,india@example.org,education;youth-service;childrens-social-care\n";
        var answer = await police.PostAsync("batches", new StringContent(Batch, Encoding.UTF8, "text/csv"));
        var report = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("created").GetInt32() == 1, report.ToString());
        return report.GetProperty("report")[0].GetProperty("referralId").GetGuid();
    }

    /// <summary>One agency and one risk factor fall short of the rules; the coordinator screens the child in (the panel knows of three more agencies).</summary>
    private static async Task<Guid> TakeInAsync(HttpClient coordinator, Guid referralId)
    {
        await Eventually.TrueAsync(async () => (await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{referralId}")).GetProperty("status").GetString() == "closed",
            "the referral is screened out by the rules");
        using var current = await coordinator.GetAsync($"api/referrals/{referralId}");
        using var screenIn = new HttpRequestMessage(HttpMethod.Post, $"api/referrals/{referralId}/screening-override")
        {
            Content = JsonContent.Create(new { outcome = "eligible", reason = "School, youth service and social care all know the child." }),
        };
        screenIn.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.ToString());
        using var screened = await coordinator.SendAsync(screenIn);
        var body = await screened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(screened.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("caseId").GetGuid();
    }

    /// <summary>Waits until the agency's feed is empty and its adapter has nothing left to deliver.</summary>
    private static Task SettledAsync(TestVirtualHost virtualHost, string agency, HttpClient adapter) => Eventually.TrueAsync(async () =>
        await virtualHost.Management.QueueDepthAsync(virtualHost.Name, $"agency.{agency}") == 0
        && (await adapter.GetFromJsonAsync<JsonElement>("deliveries?status=pending")).GetProperty("items").GetArrayLength() == 0,
        $"everything for {agency} is delivered", TimeSpan.FromSeconds(60));

    private static List<JsonNode> Notices(AgencyEndpoint system) => [.. system.Received.Select(d => JsonNode.Parse(d.Body)!)];

    /// <summary>What the agency's system heard, in order: each notice's kind and status.</summary>
    private static List<string> Heard(AgencyEndpoint system) => [.. Notices(system).Select(n => $"{Kind(n)} {n["status"]}")];

    private static string? Kind(JsonNode notice) => notice["kind"]?.GetValue<string>();

    private static Guid? Id(JsonNode notice, string name) => notice[name] is { } id ? id.GetValue<Guid>() : null;

    private static string Progress(Guid caseId, Guid interventionId) => $"api/interventions/cases/{caseId}/interventions/{interventionId}/progress";
}
