using System.Net;
using Yisp.Testing;

namespace Yisp.Consent.Tests;

public sealed class ConsentAccessTests
{
    [Fact]
    public async Task A_practitioner_sees_only_consent_records_of_cases_involving_their_agency_and_agency_systems_only_the_check()
    {
        await using var context = await ConsentTestContext.StartAsync();
        var involvingEducation = await context.OpenCaseAsync("police", "education");
        var policeOnly = await context.OpenCaseAsync("police", "health");
        using var practitioner = await context.ClientAsAsync(TestIdentity.EducationPractitioner);
        using var policeSystem = await context.ClientAsAsync(TestIdentity.AgencyClient("police"));

        Assert.Equal(HttpStatusCode.OK, (await practitioner.GetAsync($"/api/consent/cases/{involvingEducation}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.GetAsync($"/api/consent/cases/{policeOnly}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.GetAsync($"/api/consent/cases/{policeOnly}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await policeSystem.GetAsync($"/api/consent/cases/{involvingEducation}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await policeSystem.GetAsync($"/api/consent/check?caseId={involvingEducation}&agency=police&purpose=assessment")).StatusCode);

        var denied = await context.CountAsync(
            "SELECT count(*) FROM audit_log WHERE resource_id = @id AND outcome = 'denied' AND agency = 'education'", new { id = policeOnly.ToString() });
        Assert.Equal(2, denied);
    }
}
