using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>
/// A data protection officer asks the gateway for everything held about one child: each service answers for its own data, the
/// gateway gathers it as JSON or a readable document, and nothing of a second child, referred and supported alongside, gets in.
/// A correction of the first child's details shows in the package and leaves the second child's alone.
/// </summary>
public sealed class SubjectAccessTests
{
    [Fact]
    public async Task A_subject_access_request_gathers_one_childs_records_from_every_service_and_nothing_of_another_child()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost);
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        using var dpo = await platform.GatewayClientAsync(TestIdentity.DataProtectionOfficer);
        using var auditor = await platform.GatewayClientAsync(TestIdentity.Auditor);
        var nhsNumber = ReferralPayloads.NhsNumber(4242);
        var (referralId, caseId) = await CaseSteps.SupportedChildAsync(coordinator, "Quinn", "Subjectchild", nhsNumber);
        var (otherReferral, otherCase) = await CaseSteps.SupportedChildAsync(coordinator, "Rowan", "Otherchild", ReferralPayloads.NhsNumber(5151));

        var answer = await dpo.PostAsJsonAsync("api/subject-access", new { nhsNumber });
        var text = await answer.Content.ReadAsStringAsync();

        Assert.True(answer.StatusCode == HttpStatusCode.OK, text);
        var package = JsonDocument.Parse(text).RootElement;
        Assert.Equal([caseId], package.GetProperty("caseIds").EnumerateArray().Select(c => c.GetGuid()));
        var referral = Assert.Single(package.GetProperty("referral").GetProperty("referrals").EnumerateArray());
        Assert.Equal((referralId, "Quinn", nhsNumber), (referral.GetProperty("id").GetGuid(), referral.GetProperty("child").GetProperty("givenName").GetString(),
            referral.GetProperty("child").GetProperty("nhsNumber").GetString()));
        Assert.Equal(JsonValueKind.Null, referral.GetProperty("practitioner").GetProperty("email").ValueKind); // a third party's contact details
        var consent = Assert.Single(package.GetProperty("consent").EnumerateArray());
        Assert.Equal(8, consent.GetProperty("decisions").GetArrayLength()); // child and parent, four items each
        var intervention = Assert.Single(package.GetProperty("intervention").EnumerateArray());
        Assert.Equal("mentoring", Assert.Single(intervention.GetProperty("case").GetProperty("interventions").EnumerateArray()).GetProperty("type").GetString());
        Assert.Contains(intervention.GetProperty("accesses").EnumerateArray(), a => a.GetProperty("clientId").GetString() == TestIdentity.Coordinator);
        Assert.Contains(package.GetProperty("referral").GetProperty("accesses").EnumerateArray(), a => a.GetProperty("purpose").GetString() == "referral-intake");
        foreach (var other in new[] { "Rowan", "Otherchild", ReferralPayloads.NhsNumber(5151), otherReferral.ToString(), otherCase.ToString() })
        {
            Assert.DoesNotContain(other, text, StringComparison.Ordinal);
        }

        // A coordinator corrects the first child's name (article 16): the package then holds the correction, the second child is untouched.
        await CorrectGivenNameAsync(coordinator, referralId, "Quincy", "The school's records give the child's name as Quincy.");
        var corrected = await (await dpo.PostAsJsonAsync("api/subject-access", new { referralId })).Content.ReadFromJsonAsync<JsonElement>();
        var correctedReferral = Assert.Single(corrected.GetProperty("referral").GetProperty("referrals").EnumerateArray());
        Assert.Equal("Quincy", correctedReferral.GetProperty("child").GetProperty("givenName").GetString());
        var correction = Assert.Single(Assert.Single(corrected.GetProperty("referral").GetProperty("corrections").EnumerateArray())
            .GetProperty("corrections").EnumerateArray());
        Assert.Equal(("Quinn", "The school's records give the child's name as Quincy."),
            (correction.GetProperty("previous").GetProperty("givenName").GetString(), correction.GetProperty("reason").GetString()));
        var untouched = await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{otherReferral}");
        Assert.Equal("Rowan", untouched.GetProperty("child").GetProperty("givenName").GetString());
        var otherHistory = await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{otherReferral}/identity-corrections");
        Assert.Equal(0, otherHistory.GetProperty("corrections").GetArrayLength());

        using var asDocument = new HttpRequestMessage(HttpMethod.Post, "api/subject-access") { Content = JsonContent.Create(new { referralId }) };
        asDocument.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var document = await dpo.SendAsync(asDocument);
        var html = await document.Content.ReadAsStringAsync();
        Assert.Equal(("text/html", "attachment"), (document.Content.Headers.ContentType?.MediaType, document.Content.Headers.ContentDisposition?.DispositionType));
        Assert.Contains("<h2>Consent (consent service)</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Subjectchild", html, StringComparison.Ordinal);
        Assert.Contains("The school&#x27;s records give the child&#x27;s name as Quincy.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Otherchild", html, StringComparison.Ordinal);

        // Bad input names the field and reaches no record; other roles are refused.
        var bad = await dpo.PostAsJsonAsync("api/subject-access", new { nhsNumber = "1234567890" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("nhsNumber", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await dpo.PostAsJsonAsync("api/subject-access", new { nhsNumber, caseId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync("api/subject-access", new { nhsNumber })).StatusCode);
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "api/subject-access") { Content = new StringContent(new string(' ', 5000) + "{}") };
        oversized.Headers.TransferEncodingChunked = true; // no Content-Length to refuse it by: the body read itself is bounded
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await dpo.SendAsync(oversized)).StatusCode);

        // Every read is in the trails: the gateway's records the request, each service the records it opened for it.
        var gatewayTrail = await auditor.GetFromJsonAsync<JsonElement>($"api/gateway/audit?clientId={TestIdentity.DataProtectionOfficer}");
        Assert.True(gatewayTrail.GetProperty("records").EnumerateArray().Count(r => r.GetProperty("purpose").GetString() == "subject-access") >= 2);
        var referralTrail = await auditor.GetFromJsonAsync<JsonElement>($"api/referrals/audit?resourceId={referralId}&clientId={TestIdentity.DataProtectionOfficer}");
        Assert.Contains(referralTrail.GetProperty("records").EnumerateArray(), r => r.GetProperty("purpose").GetString() == "subject-access");
        var consentTrail = await auditor.GetFromJsonAsync<JsonElement>($"api/consent/audit?resourceId={caseId}&clientId={TestIdentity.DataProtectionOfficer}");
        Assert.Contains(consentTrail.GetProperty("records").EnumerateArray(), r => r.GetProperty("purpose").GetString() == "subject-access");
        var otherTrail = await auditor.GetFromJsonAsync<JsonElement>($"api/referrals/audit?resourceId={otherReferral}&clientId={TestIdentity.DataProtectionOfficer}");
        Assert.Equal(0, otherTrail.GetProperty("records").GetArrayLength());

        // A service that cannot answer fails the whole request: nothing partial is given out as if it were everything.
        await platform.Intervention.KillAsync();
        var partial = await dpo.PostAsJsonAsync("api/subject-access", new { referralId });
        var partialText = await partial.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, partial.StatusCode);
        Assert.Contains("intervention", partialText, StringComparison.Ordinal);
        Assert.DoesNotContain("Quincy", partialText, StringComparison.Ordinal);
    }

    private static async Task CorrectGivenNameAsync(HttpClient coordinator, Guid referralId, string givenName, string reason)
    {
        using var current = await coordinator.GetAsync($"api/referrals/{referralId}");
        using var correct = new HttpRequestMessage(HttpMethod.Post, $"api/referrals/{referralId}/identity-correction")
        {
            Content = JsonContent.Create(new { child = new { givenName }, reason }),
        };
        correct.Headers.IfMatch.Add(current.Headers.ETag!);
        using var answer = await coordinator.SendAsync(correct);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
    }
}
