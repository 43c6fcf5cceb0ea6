using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>The coordinator's steps through the gateway that take a referred child to interventions: consent, the panel, the plan.</summary>
public static class CaseSteps
{
    private static readonly string[] FourRisks = ["family-conflict", "persistent-absence", "exclusion", "friends-involved-in-crime"];

    /// <summary>Both the child and the parent or carer decide the same items (purposes; sharing per agency).</summary>
    public static async Task DecideConsentAsync(HttpClient coordinator, Guid caseId, object[] items)
    {
        foreach (var party in new[] { "child", "parent-carer" })
        {
            using var decide = new HttpRequestMessage(HttpMethod.Post, $"api/consent/cases/{caseId}/decisions")
            {
                Content = JsonContent.Create(new { party, recordedBy = "YISP key worker", method = "in-person", items }),
            };
            decide.Headers.TryAddWithoutValidation("If-Match", (await coordinator.GetAsync($"api/consent/cases/{caseId}")).Headers.ETag!.ToString());
            var decided = await coordinator.SendAsync(decide);
            Assert.True(decided.StatusCode == HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        }
    }

    public static async Task CloseAsync(HttpClient coordinator, Guid caseId, string outcome, string summary)
    {
        using var close = new HttpRequestMessage(HttpMethod.Post, $"api/interventions/cases/{caseId}/close")
        {
            Content = JsonContent.Create(new { outcome, summary }),
        };
        close.Headers.TryAddWithoutValidation("If-Match", (await coordinator.GetAsync($"api/interventions/cases/{caseId}")).Headers.ETag!.ToString());
        var closed = await coordinator.SendAsync(close);
        Assert.True(closed.StatusCode == HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());
    }

    /// <summary>Waits for the case to open on consent, then the panel decides to support the child.</summary>
    public static async Task DecideSupportAsync(HttpClient coordinator, Guid caseId)
    {
        await Eventually.TrueAsync(async () => (await coordinator.GetAsync($"api/interventions/cases/{caseId}")).IsSuccessStatusCode, "the case opens on consent");
        var meeting = await (await coordinator.PostAsJsonAsync("api/interventions/panels", new { scheduledFor = DateTimeOffset.UtcNow, caseIds = new[] { caseId } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"api/interventions/panels/{meeting.GetProperty("id").GetGuid()}/decisions",
            new { caseId, decision = "support", reasons = "Support agreed." })).StatusCode);
    }

    /// <summary>Adds an intervention of a catalogue type led by one agency; returns its id.</summary>
    public static async Task<Guid> AssignAsync(HttpClient coordinator, Guid caseId, string type, string leadAgency)
    {
        using var assign = new HttpRequestMessage(HttpMethod.Post, $"api/interventions/cases/{caseId}/interventions")
        {
            Content = JsonContent.Create(new { type, leadAgency, goals = new[] { $"Goal of the {type}" }, plannedStart = "2026-12-01", plannedEnd = "2027-02-01" }),
        };
        assign.Headers.TryAddWithoutValidation("If-Match", (await coordinator.GetAsync($"api/interventions/cases/{caseId}")).Headers.ETag!.ToString());
        var assigned = await coordinator.SendAsync(assign);
        Assert.True(assigned.StatusCode == HttpStatusCode.Created, await assigned.Content.ReadAsStringAsync());
        return (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("interventions").EnumerateArray()
            .Last(i => i.GetProperty("type").GetString() == type && i.GetProperty("leadAgency").GetString() == leadAgency).GetProperty("id").GetGuid();
    }

    /// <summary>A child referred by police, consented, taken on by the panel with a mentoring intervention.</summary>
    public static async Task<(Guid ReferralId, Guid CaseId)> SupportedChildAsync(HttpClient coordinator, string givenName, string familyName, string nhsNumber)
    {
        var created = await coordinator.PostAsJsonAsync("api/referrals", ReferralPayloads.Valid(givenName: givenName, familyName: familyName,
            nhsNumber: nhsNumber, riskFactors: FourRisks, agenciesInvolved: ["youth-service"]));
        var referral = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, referral.ToString());
        var caseId = referral.GetProperty("caseId").GetGuid();
        await Eventually.TrueAsync(async () => (await coordinator.GetAsync($"api/consent/cases/{caseId}")).IsSuccessStatusCode, "the consent request opens");
        await DecideConsentAsync(coordinator, caseId,
        [
            new { purpose = "assessment", granted = true },
            new { purpose = "intervention", granted = true },
            new { purpose = "sharing", agency = "police", granted = true },
            new { purpose = "sharing", agency = "youth-service", granted = true },
        ]);
        await DecideSupportAsync(coordinator, caseId);
        await AssignAsync(coordinator, caseId, "mentoring", "youth-service");
        return (referral.GetProperty("id").GetGuid(), caseId);
    }
}
