using System.Net;
using System.Net.Http.Json;

namespace Yisp.EndToEnd.Tests;

/// <summary>What a coordinator does on a case through the gateway, as the journeys need it.</summary>
internal static class CaseSteps
{
    /// <summary>Both the child and the parent or carer decide the same consent items.</summary>
    public static async Task RecordConsentAsync(HttpClient coordinator, Guid caseId, object[] items)
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
}
