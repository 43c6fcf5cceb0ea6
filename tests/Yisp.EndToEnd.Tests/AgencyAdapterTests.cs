using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

public sealed class AgencyAdapterTests
{
    private const string PoliceHeader =
        "reference,given_name,family_name,date_of_birth,sex,address_line1,town,postcode,incident_type,incident_date,officer_name,officer_email,notes";

    [Fact]
    public async Task Agencies_refer_through_their_own_adapters_in_their_own_formats_and_each_hears_only_about_its_own_referrals()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        await using var policeSystem = await AgencyEndpoint.StartAsync();
        await using var healthSystem = await AgencyEndpoint.StartAsync();
        await using var educationSystem = await AgencyEndpoint.StartAsync();
        var police = await platform.StartAdapterAsync("police", policeSystem);
        var health = await platform.StartAdapterAsync("health", healthSystem);
        await platform.StartAdapterAsync("education", educationSystem);
        using var policeClient = await platform.AdapterClientAsync(police, "police");
        using var healthClient = await platform.AdapterClientAsync(health, "health");

        var batch = $"{PoliceHeader}\nPX/0101,Alfred,Testchild,2014-03-09,male,1 Example Street,Testtown,SW1A 1AA,asb,2026-11-28,PC Delta Testofficer,delta@example.org,Seen with older youths\n" +
            "PX/0102,Bravo,Testchild,not-a-date,male,2 Example Street,Testtown,SW1A 1AA,asb,2026-11-28,PC Delta Testofficer,delta@example.org,\n";
        var first = await SendBatchAsync(policeClient, batch);
        var again = await SendBatchAsync(policeClient, batch);
        using var fhir = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(FhirBundles.Valid().ToJsonString(), Encoding.UTF8, "application/fhir+json") };
        fhir.Headers.Add("Idempotency-Key", "gp-message-0001");
        var referred = await healthClient.SendAsync(fhir);
        var outcome = await referred.Content.ReadFromJsonAsync<JsonElement>();
        using var badFhir = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent("""{"resourceType":"Patient"}""", Encoding.UTF8, "application/fhir+json") };
        badFhir.Headers.Add("Idempotency-Key", "gp-message-0002");
        var refused = await healthClient.SendAsync(badFhir);

        Assert.Equal((2, 1, 0), (first.GetProperty("rows").GetInt32(), first.GetProperty("created").GetInt32(), first.GetProperty("alreadyReceived").GetInt32()));
        Assert.Equal((0, 1), (again.GetProperty("created").GetInt32(), again.GetProperty("alreadyReceived").GetInt32()));
        var report = first.GetProperty("report");
        Assert.Equal(("created", 2), (report[0].GetProperty("outcome").GetString(), report[0].GetProperty("line").GetInt32()));
        Assert.Equal(("invalid", 3), (report[1].GetProperty("outcome").GetString(), report[1].GetProperty("line").GetInt32()));
        var policeReferral = report[0].GetProperty("referralId").GetGuid();
        Assert.Equal(policeReferral, again.GetProperty("report")[0].GetProperty("referralId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);
        var location = outcome.GetProperty("entry")[0].GetProperty("response").GetProperty("location").GetString()!;
        var healthReferral = Guid.Parse(location["ServiceRequest/".Length..]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("OperationOutcome", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resourceType").GetString());

        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        Assert.Equal("health", (await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{healthReferral}")).GetProperty("referringAgency").GetString());
        Assert.Equal("police", (await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{policeReferral}")).GetProperty("referringAgency").GetString());

        // Each agency's own system hears, signed and once, that its own referral was screened; nobody hears another's.
        await Eventually.TrueAsync(() => Task.FromResult(!policeSystem.Received.IsEmpty && !healthSystem.Received.IsEmpty), "both agencies hear of their referrals",
            TimeSpan.FromSeconds(60));
        Assert.All(policeSystem.Received, d => Assert.Equal(policeReferral, JsonDocument.Parse(d.Body).RootElement.GetProperty("referralId").GetGuid()));
        Assert.Contains(policeSystem.Received, d => JsonDocument.Parse(d.Body).RootElement.GetProperty("kind").GetString() == "referral-screened");
        Assert.All(healthSystem.Received, d => Assert.Contains(healthReferral.ToString(), d.Body, StringComparison.Ordinal));
        Assert.All(healthSystem.Received, d => Assert.Equal("Communication", JsonDocument.Parse(d.Body).RootElement.GetProperty("resourceType").GetString()));
        Assert.Empty(educationSystem.Received);
        Assert.Equal(0, policeSystem.BadSignatures + healthSystem.BadSignatures);
    }

    [Fact]
    public async Task An_adapter_killed_in_the_middle_of_a_delivery_delivers_it_after_a_restart_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        await using var policeSystem = await AgencyEndpoint.StartAsync();
        policeSystem.Delay = TimeSpan.FromSeconds(5);
        var settings = await platform.AdapterSettingsAsync("police", policeSystem);
        settings["Adapter__Webhook__Timeout"] = "00:00:02"; // a dead adapter's claim lapses after twice this
        var adapter = await platform.StartAdapterAsync("police", settings);
        using var police = await platform.AdapterClientAsync(adapter, "police");

        await SendBatchAsync(police, $"{PoliceHeader}\nPX/0301,Charlie,Testchild,2013-06-01,male,3 Example Street,Testtown,M1 1AE,asb,2026-11-28,PC Echo Testofficer,echo@example.org,\n");
        await Eventually.TrueAsync(() => Task.FromResult(policeSystem.Arrivals >= 1), "a delivery is in flight", TimeSpan.FromSeconds(60));
        await adapter.DisposeAsync(); // killed, mid-delivery
        policeSystem.Delay = TimeSpan.Zero;
        var restarted = await platform.StartAdapterAsync("police", settings);

        await Eventually.TrueAsync(() => Task.FromResult(policeSystem.Arrivals >= 2 && !policeSystem.Received.IsEmpty), "the restarted adapter delivers it",
            TimeSpan.FromSeconds(60));
        using var logReader = await platform.AdapterClientAsync(restarted, "police");
        await Eventually.TrueAsync(async () => (await logReader.GetFromJsonAsync<JsonElement>("deliveries")).GetProperty("items").EnumerateArray()
            .All(d => d.GetProperty("status").GetString() == "delivered"), "the delivery log says delivered");
        Assert.Single(policeSystem.Received.Select(r => r.WebhookId).Distinct());
        Assert.Equal(0, policeSystem.BadSignatures);
    }


    private static async Task<JsonElement> SendBatchAsync(HttpClient police, string csv)
    {
        var answer = await police.PostAsync("batches", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }
}
