using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Contracts.Agencies;
using Yisp.Testing;
using static Yisp.Intervention.Tests.InterventionTestContext;

namespace Yisp.Intervention.Tests;

/// <summary>Where prevention meets statutory services: the handover to social care, and what social care and the youth offending team report.</summary>
public sealed class StatutoryTests
{
    private const string SocialCare = "childrens-social-care";
    private const string Yot = "youth-offending-team";

    [Fact]
    public async Task A_case_closed_as_escalated_is_handed_over_to_social_care_when_consent_shares_it_and_to_nobody_else()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var consent = await ConsentStandIn.StartAsync(context.VirtualHost);
        using var socialCare = await context.ClientAsAsync(TestIdentity.AgencyClient(SocialCare));
        using var education = await context.ClientAsAsync(TestIdentity.AgencyClient("education"));
        var caseId = await context.OpenCaseAsync(SocialCare, "education");
        var unshared = await context.OpenCaseAsync("education");
        var (assessed, _) = await context.PostAsync(Path(caseId, "/assessments"), new { assessor = "A. Assessor", assessedOn = "2026-11-20", ratings = Ratings(3) });
        var (planned, _) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("education"), await context.ETagAsync(Path(caseId)));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (assessed.StatusCode, planned.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, (await socialCare.GetAsync(Path(caseId, "/handover"))).StatusCode); // still open

        foreach (var id in new[] { caseId, unshared })
        {
            var (closed, _) = await context.PostAsync(Path(id, "/close"), new { outcome = "escalated-to-statutory-services", summary = "Risks rose; statutory help needed." },
                await context.ETagAsync(Path(id)));
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        var feed = await AgencyFeedReader.TakeAsync(context.VirtualHost, SocialCare, 2);
        Assert.Equal([(NotificationKind.CaseClosed, caseId), (NotificationKind.HandoverReady, caseId)], feed.Select(n => (n.Kind, n.CaseId!.Value)).Order());
        // Education hears of its intervention (assigned, stopped) and of both closures; no handover.
        var educationFeed = await AgencyFeedReader.TakeAsync(context.VirtualHost, "education", 4);
        Assert.Equal(2, educationFeed.Count(n => n.Kind == NotificationKind.CaseClosed));
        Assert.DoesNotContain(educationFeed, n => n.Kind == NotificationKind.HandoverReady);
        Assert.Empty(await AgencyFeedReader.TakeAllAsync(context.VirtualHost, "education"));
        Assert.Empty(await AgencyFeedReader.TakeAllAsync(context.VirtualHost, SocialCare));

        consent.Withdraw(caseId); // closing the case closes its consent: the consent service now says nothing is in force
        var handover = await socialCare.GetFromJsonAsync<JsonElement>(Path(caseId, "/handover"));
        Assert.Equal("escalated-to-statutory-services", handover.GetProperty("outcome").GetString());
        Assert.Equal(33, handover.GetProperty("assessments")[0].GetProperty("total").GetInt32());
        Assert.Equal(3, handover.GetProperty("assessments")[0].GetProperty("ratings").GetProperty("education").GetInt32());
        var intervention = handover.GetProperty("interventions")[0];
        Assert.Equal(("education", "stopped", "case-closed"), (intervention.GetProperty("leadAgency").GetString(), intervention.GetProperty("status").GetString(),
            intervention.GetProperty("stopReasonCode").GetString()));
        Assert.Equal("support", handover.GetProperty("panelDecisions")[0].GetProperty("decision").GetString());
        Assert.DoesNotContain("A. Assessor", handover.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await socialCare.GetAsync(Path(unshared, "/handover"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await socialCare.GetAsync(Path(Guid.NewGuid(), "/handover"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await education.GetAsync(Path(caseId, "/handover"))).StatusCode);
        var audited = await context.ScalarAsync<string>(
            "SELECT string_agg(outcome, ',' ORDER BY sequence) FROM audit_log WHERE resource_id = @id AND purpose = 'escalation-handover'", new { id = caseId.ToString() });
        Assert.Equal("rejected,allowed,denied", audited);
    }

    [Fact]
    public async Task Social_care_reports_a_child_open_to_it_once_per_reference_and_only_the_coordinators_and_the_next_panel_see_the_flag()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var consent = await ConsentStandIn.StartAsync(context.VirtualHost);
        using var socialCare = await context.ClientAsAsync(TestIdentity.AgencyClient(SocialCare));
        using var education = await context.ClientAsAsync(TestIdentity.AgencyClient("education"));
        using var yot = await context.ClientAsAsync(TestIdentity.AgencyClient(Yot));
        var caseId = await context.OpenCaseAsync(SocialCare, "education", Yot);
        var other = await context.OpenCaseAsync(SocialCare);
        var unshared = await context.OpenCaseAsync("education");
        var report = new { reference = "CSC-2026-0042", code = "child-protection" };

        var bad = await socialCare.PostAsJsonAsync(Path(caseId, "/statutory-status"), new { reference = "", code = "looked-after" });
        var first = await socialCare.PostAsJsonAsync(Path(caseId, "/statutory-status"), report);
        var again = await socialCare.PostAsJsonAsync(Path(caseId, "/statutory-status"), report);
        var reused = await socialCare.PostAsJsonAsync(Path(other, "/statutory-status"), report);
        var hidden = await socialCare.PostAsJsonAsync(Path(unshared, "/statutory-status"), new { reference = "CSC-2026-0043", code = "child-in-need" });
        var notSocialCare = await yot.PostAsJsonAsync(Path(caseId, "/statutory-status"), new { reference = "Y-1", code = "child-in-need" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("reference", out _) && errors.TryGetProperty("code", out _));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var flag = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(flag.GetProperty("id").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.Forbidden), (reused.StatusCode, hidden.StatusCode, notSocialCare.StatusCode));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM statutory_flags"));

        var (_, asCoordinator) = await context.GetAsync(Path(caseId));
        Assert.Equal(("childrens-social-care", "child-protection"), (asCoordinator.GetProperty("statutoryFlags")[0].GetProperty("agency").GetString(),
            asCoordinator.GetProperty("statutoryFlags")[0].GetProperty("code").GetString()));
        Assert.Empty((await education.GetFromJsonAsync<JsonElement>(Path(caseId))).GetProperty("statutoryFlags").EnumerateArray());
        Assert.Contains("statutory-involvement-reported", await KindsAsync(context.Client, caseId));
        Assert.DoesNotContain("statutory-involvement-reported", await KindsAsync(education, caseId));
        var (_, meeting) = await context.PostAsync("/api/interventions/panels", new { scheduledFor = DateTimeOffset.UtcNow.AddDays(7), caseIds = new[] { caseId } });
        Assert.Equal("child-protection", meeting.GetProperty("cases")[0].GetProperty("statutoryFlags")[0].GetProperty("code").GetString());
        var audited = await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_log WHERE purpose = 'statutory-involvement' AND resource_id = ANY(@ids)",
            new { ids = new[] { caseId, other, unshared }.Select(c => c.ToString()).ToArray() });
        Assert.Equal(6L, audited);
    }

    [Fact]
    public async Task The_youth_offending_team_flags_a_case_for_the_panel_and_hears_who_else_leads_work_with_the_child_only_within_consent()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var consent = await ConsentStandIn.StartAsync(context.VirtualHost);
        using var yot = await context.ClientAsAsync(TestIdentity.AgencyClient(Yot));
        var caseId = await context.OpenCaseAsync(Yot, "education", "health");
        var unshared = await context.OpenCaseAsync("education", "health");
        foreach (var lead in new[] { "education", "health" })
        {
            var (planned, _) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring(lead), await context.ETagAsync(Path(caseId)));
            Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        }

        var bad = await yot.PostAsJsonAsync(Path(caseId, "/youth-justice"), new { reference = "YOT/77", code = "arrested" });
        var flagged = await yot.PostAsJsonAsync(Path(caseId, "/youth-justice"), new { reference = "YOT/77", code = "out-of-court-disposal" });
        var hidden = await yot.PostAsJsonAsync(Path(unshared, "/youth-justice"), new { reference = "YOT/78", code = "charged" });
        consent.Withdraw(caseId); // the consent service now says no, ahead of any event: nothing more is told
        var afterWithdrawal = await yot.PostAsJsonAsync(Path(caseId, "/youth-justice"), new { reference = "YOT/77", code = "out-of-court-disposal" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("code", out _));
        Assert.Equal(HttpStatusCode.Created, flagged.StatusCode);
        var answer = await flagged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["education", "health"], answer.GetProperty("workingWith").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterWithdrawal.StatusCode);
        var (_, asCoordinator) = await context.GetAsync(Path(caseId));
        Assert.Equal("youth-offending-team", asCoordinator.GetProperty("statutoryFlags")[0].GetProperty("agency").GetString());
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM statutory_flags WHERE case_id = @unshared", new { unshared }));
    }

    private static async Task<List<string>> KindsAsync(HttpClient client, Guid caseId)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(Path(caseId, "/timeline?pageSize=100"));
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!)];
    }
}
