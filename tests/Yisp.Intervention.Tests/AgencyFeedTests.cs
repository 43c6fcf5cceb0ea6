using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Agencies;
using Yisp.Contracts.Consent;
using Yisp.Testing;
using static Yisp.Intervention.Tests.InterventionTestContext;

namespace Yisp.Intervention.Tests;

public sealed class AgencyFeedTests
{
    [Fact]
    public async Task An_agency_hears_of_the_interventions_it_leads_only_while_consent_shares_the_case_and_is_told_to_stop_when_it_no_longer_does()
    {
        await using var context = await InterventionTestContext.StartAsync();
        var caseId = await context.OpenCaseAsync("health", "police");
        var (created, plan) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("health"), await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var intervention = plan.GetProperty("interventions")[0].GetProperty("id").GetGuid();
        await context.PostAsync(Path(caseId, $"/interventions/{intervention}/start"), null, await context.ETagAsync(Path(caseId)));
        var health = await FeedAsync(context, "health", 2);
        Assert.Equal([(NotificationKind.InterventionAssigned, "planned"), (NotificationKind.InterventionChanged, "active")],
            health.Select(n => (n.Kind, n.Status)));
        Assert.All(health, n => Assert.Equal((caseId, intervention), (n.CaseId, n.InterventionId)));

        await context.Service.Services.GetRequiredService<IBus>().Publish(new ConsentWithdrawn(caseId, false, ["sharing"], ["health"], DateTimeOffset.UtcNow));
        var afterWithdrawal = await FeedAsync(context, "health", 1);
        Assert.Equal((NotificationKind.InterventionSuspended, intervention), (afterWithdrawal[0].Kind, afterWithdrawal[0].InterventionId));

        // The lead agency still sees its intervention's status (only that: stop work); another agency sees nothing.
        using var healthSystem = await context.ClientAsAsync(TestIdentity.AgencyClient("health"));
        using var policeSystem = await context.ClientAsAsync(TestIdentity.AgencyClient("police"));
        var status = await healthSystem.GetAsync(Path(caseId, $"/interventions/{intervention}/status"));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var view = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("suspended").GetBoolean());
        Assert.StartsWith("suspended: ", view.GetProperty("instruction").GetString(), StringComparison.Ordinal);
        Assert.False(view.TryGetProperty("goals", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await policeSystem.GetAsync(Path(caseId, $"/interventions/{intervention}/status"))).StatusCode);
        var (closed, _) = await context.PostAsync(Path(caseId, "/close"), new { outcome = "goals-achieved", summary = "Support ended well." },
            await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        var police = await FeedAsync(context, "police", 1);
        Assert.Equal((NotificationKind.CaseClosed, "goals-achieved"), (police[0].Kind, police[0].Status));
        Assert.Empty(await AgencyFeedReader.TakeAllAsync(context.VirtualHost, "health"));
        Assert.Empty(await AgencyFeedReader.TakeAllAsync(context.VirtualHost, "education"));
    }

    [Fact]
    public async Task An_agency_lists_the_cases_consent_shares_with_it_from_a_cursor_and_a_case_drops_out_when_sharing_ends()
    {
        await using var context = await InterventionTestContext.StartAsync();
        using var healthSystem = await context.ClientAsAsync(TestIdentity.AgencyClient("health"));
        using var educationSystem = await context.ClientAsAsync(TestIdentity.AgencyClient("education"));
        var shared = await context.OpenCaseAsync("health", "police");

        var listed = await SharedAsync(healthSystem, null, c => c.Contains(shared));
        await context.Service.Services.GetRequiredService<IBus>().Publish(new ConsentWithdrawn(shared, false, ["sharing"], ["health"], DateTimeOffset.UtcNow));
        await SharedAsync(healthSystem, null, c => !c.Contains(shared));
        var bad = await healthSystem.GetAsync("/api/interventions/cases/shared?after=%%%&limit=9999");

        Assert.DoesNotContain(shared, (await SharedAsync(educationSystem, null, _ => true)).Cases);
        Assert.Empty((await SharedAsync(healthSystem, listed.Next, _ => true)).Cases);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>Lists the shared cases until the condition holds (a change is listed once it has settled, a few seconds on).</summary>
    private static async Task<(List<Guid> Cases, string Next)> SharedAsync(HttpClient agency, string? after, Func<List<Guid>, bool> until)
    {
        (List<Guid> Cases, string Next) page = ([], "");
        await Eventually.TrueAsync(async () =>
        {
            var body = await agency.GetFromJsonAsync<JsonElement>("/api/interventions/cases/shared" + (after is null ? "" : $"?after={after}"));
            page = ([.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid())], body.GetProperty("next").GetString()!);
            return until(page.Cases);
        }, "the shared cases are listed as expected");
        return page;
    }

    private static Task<List<AgencyNotification>> FeedAsync(InterventionTestContext context, string agency, int count) =>
        AgencyFeedReader.TakeAsync(context.VirtualHost, agency, count);
}
