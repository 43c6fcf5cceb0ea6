using System.Net;
using Yisp.Testing;
using static Yisp.Intervention.Tests.InterventionTestContext;

namespace Yisp.Intervention.Tests;

/// <summary>An agency read agrees with the consent service at that moment, not with the case's copy of consent that events keep.</summary>
public sealed class LiveConsentTests
{
    private static readonly string Education = TestIdentity.AgencyClient("education");

    [Fact]
    public async Task Once_the_consent_service_says_no_an_agency_read_is_refused_before_any_event_arrives()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var consent = await ConsentStandIn.StartAsync(context.VirtualHost);
        using var education = await context.ClientAsAsync(Education);
        var caseIds = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            caseIds.Add(await context.OpenCaseAsync("education"));
        }

        foreach (var caseId in caseIds)
        {
            Assert.Equal(HttpStatusCode.OK, (await education.GetAsync(Path(caseId))).StatusCode);
            consent.Withdraw(caseId); // confirmed to the family; no ConsentWithdrawn has reached this service
            Assert.Equal(HttpStatusCode.NotFound, (await education.GetAsync(Path(caseId))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await education.GetAsync(Path(caseId, "/timeline"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await context.Client.GetAsync(Path(caseId))).StatusCode); // the panel is not an agency read
        }
        var denied = await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND resource_id = ANY(@ids)", new { ids = caseIds.Select(c => c.ToString()).ToArray() });
        Assert.Equal(6L, denied);
    }

    [Fact]
    public async Task When_the_consent_service_cannot_be_asked_an_agency_read_fails_closed()
    {
        await using var context = await InterventionTestContext.StartAsync(new() { ["Intervention:ConsentCheckTimeout"] = "00:00:00.500" });
        using var education = await context.ClientAsAsync(Education);
        var caseId = await context.OpenCaseAsync("education");

        var response = await education.GetAsync(Path(caseId));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("mentoring", await response.Content.ReadAsStringAsync());
    }
}
