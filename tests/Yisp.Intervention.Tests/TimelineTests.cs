using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Consent;
using Yisp.Testing;
using static Yisp.Intervention.Tests.InterventionTestContext;

namespace Yisp.Intervention.Tests;

public sealed class TimelineTests
{
    private static readonly string Education = TestIdentity.AgencyClient("education");
    private static readonly string Health = TestIdentity.AgencyClient("health");
    private static readonly string Police = TestIdentity.AgencyClient("police");

    private static async Task<List<string>> KindsAsync(HttpClient client, Guid caseId)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(Path(caseId, "/timeline?pageSize=100"));
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!)];
    }

    /// <summary>A 404 as the caller sees it, without the ids that differ per request.</summary>
    private static async Task<string> NotFoundBodyAsync(HttpClient client, Guid caseId)
    {
        var response = await client.GetAsync(Path(caseId));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body.GetProperty("title")} " +
            string.Join(",", body.EnumerateObject().Select(p => p.Name).Where(n => n is not ("traceId" or "correlationId")));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body, string? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return await client.SendAsync(request);
    }

    /// <summary>A supported case shared with education and health, assessed, with a mentoring intervention led by education.</summary>
    private static async Task<(Guid CaseId, Guid InterventionId)> PlannedCaseAsync(InterventionTestContext context)
    {
        var caseId = await context.OpenCaseAsync("education", "health");
        var (assessed, _) = await context.PostAsync(Path(caseId, "/assessments"), new { assessor = "A. Assessor", assessedOn = "2026-11-20", ratings = Ratings(2) });
        Assert.Equal(HttpStatusCode.Created, assessed.StatusCode);
        var (planned, plan) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("education"), await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        return (caseId, plan.GetProperty("interventions")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_timeline_tells_the_case_in_order_and_only_the_lead_agency_delivers()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var consent = await ConsentStandIn.StartAsync(context.VirtualHost);
        var (caseId, interventionId) = await PlannedCaseAsync(context);
        using var education = await context.ClientAsAsync(Education);
        using var health = await context.ClientAsAsync(Health);

        var byHealth = await PostAsync(health, Path(caseId, $"/interventions/{interventionId}/start"), null, await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.Forbidden, byHealth.StatusCode);
        Assert.Contains("lead agency", await byHealth.Content.ReadAsStringAsync());
        var started = await PostAsync(education, Path(caseId, $"/interventions/{interventionId}/start"), null, await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var asAnother = await PostAsync(education, Path(caseId, $"/interventions/{interventionId}/progress"),
            new { agency = "health", recordedBy = "E. Mentor", note = "Met twice this week." });
        Assert.Equal(HttpStatusCode.Forbidden, asAnother.StatusCode);
        var noted = await PostAsync(education, Path(caseId, $"/interventions/{interventionId}/progress"),
            new { agency = "education", recordedBy = "E. Mentor", note = "Met twice this week." });
        Assert.Equal(HttpStatusCode.Created, noted.StatusCode);
        var (reviewed, _) = await context.PostAsync(Path(caseId, "/reviews"), new
        {
            reviewer = "P. Panel",
            reviewedOn = "2026-11-25",
            progress = new[] { new { interventionId, note = "Attending." } },
        }, await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.Created, reviewed.StatusCode);
        var (closed, _) = await context.PostAsync(Path(caseId, "/close"), new { outcome = "goals-achieved", summary = "Back in school." },
            await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        Assert.Equal(
            ["case-opened-for-assessment", "panel-decision-recorded", "assessment-recorded", "intervention-assigned", "intervention-started",
             "intervention-progress-recorded", "review-recorded", "intervention-stopped", "case-closed"],
            await KindsAsync(context.Client, caseId));
        var page = await context.Client.GetFromJsonAsync<JsonElement>(Path(caseId, "/timeline?pageSize=2&page=2"));
        Assert.Equal(["assessment-recorded", "intervention-assigned"], page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.True(page.GetProperty("hasMore").GetBoolean());
        Assert.DoesNotContain("Met twice", page.GetRawText());
        var (badPage, problem) = await context.GetAsync(Path(caseId, "/timeline?pageSize=500"));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task An_agency_sees_the_case_only_as_far_as_consent_shares_it_and_refusals_are_audited()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var consent = await ConsentStandIn.StartAsync(context.VirtualHost);
        var (caseId, _) = await PlannedCaseAsync(context);
        using var education = await context.ClientAsAsync(Education);
        using var police = await context.ClientAsAsync(Police);
        var bus = context.Service.Services.GetRequiredService<IBus>();

        Assert.Contains("intervention-assigned", await KindsAsync(education, caseId));
        var outside = await police.GetAsync(Path(caseId));
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode); // not shared: answered as if there were no such case
        Assert.DoesNotContain("mentoring", await outside.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await police.GetAsync(Path(caseId, "/timeline"))).StatusCode);
        Assert.Equal(await NotFoundBodyAsync(police, Guid.NewGuid()), await NotFoundBodyAsync(police, caseId));

        // Consent narrowed to assessment and sharing: the interventions' lines drop out of education's view, the assessment stays.
        await bus.Publish(new ConsentChanged(caseId, ["assessment", "sharing"], ["education", "health"], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => !(await KindsAsync(education, caseId)).Contains("intervention-assigned"), "intervention lines leave education's view");
        var narrowed = await KindsAsync(education, caseId);
        var caseView = await education.GetFromJsonAsync<JsonElement>(Path(caseId));
        Assert.Empty(caseView.GetProperty("interventions").EnumerateArray());
        Assert.NotEmpty(caseView.GetProperty("assessments").EnumerateArray());
        Assert.NotEmpty((await context.Client.GetFromJsonAsync<JsonElement>(Path(caseId))).GetProperty("interventions").EnumerateArray());
        Assert.Contains("assessment-recorded", narrowed);
        Assert.DoesNotContain("intervention-suspended", narrowed);
        Assert.Contains("intervention-suspended", await KindsAsync(context.Client, caseId));

        await bus.Publish(new ConsentWithdrawn(caseId, false, [], ["education"], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await education.GetAsync(Path(caseId, "/timeline"))).StatusCode == HttpStatusCode.NotFound,
            "education loses the case when its sharing is withdrawn");

        var denied = await context.ScalarAsync<string>(
            "SELECT string_agg(DISTINCT agency, ',') FROM audit_log WHERE resource_id = @id AND outcome = 'denied'", new { id = caseId.ToString() });
        Assert.Equal("education,police", denied);
    }
}

public sealed class IdempotentCreateTests
{
    [Fact]
    public async Task A_create_retried_with_its_Idempotency_Key_is_answered_again_and_creates_nothing_more()
    {
        await using var context = await InterventionTestContext.StartAsync();
        var caseId = await context.OpenCaseAsync("education");
        var assessment = new { assessor = "A. Assessor", assessedOn = "2026-11-20", ratings = Ratings(2) };

        var (first, firstBody) = await context.PostAsync(Path(caseId, "/assessments"), assessment, idempotencyKey: "assess-1");
        var (again, againBody) = await context.PostAsync(Path(caseId, "/assessments"), assessment, idempotencyKey: "assess-1");
        var (otherBody, problem) = await context.PostAsync(Path(caseId, "/assessments"), new { assessor = "B", assessedOn = "2026-11-21", ratings = Ratings(3) },
            idempotencyKey: "assess-1");
        var (badKey, badKeyProblem) = await context.PostAsync(Path(caseId, "/assessments"), assessment, idempotencyKey: new string('k', 201));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(firstBody.GetRawText(), againBody.GetRawText());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        Assert.Contains("Idempotency-Key", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.True(badKeyProblem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(1, await context.ScalarAsync<long>("SELECT count(*) FROM assessments WHERE case_id = @caseId", new { caseId }));

        var meeting = new { scheduledFor = DateTimeOffset.UtcNow.AddDays(7), caseIds = new[] { caseId } };
        var (scheduled, panel) = await context.PostAsync("/api/interventions/panels", meeting, idempotencyKey: "panel-1");
        var (rescheduled, samePanel) = await context.PostAsync("/api/interventions/panels", meeting, idempotencyKey: "panel-1");
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rescheduled.StatusCode);
        Assert.Equal(panel.GetProperty("id").GetGuid(), samePanel.GetProperty("id").GetGuid());
    }
}
