using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Testing;

namespace Yisp.Intervention.Tests;

public sealed class PanelTests
{
    [Fact]
    public async Task The_panel_meets_on_a_set_of_cases_records_who_came_and_decides_each_case_once()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var decisions = await BusListener<PanelDecisionRecorded>.StartAsync(context.VirtualHost);
        var bus = context.Service.Services.GetRequiredService<IBus>();
        var supported = Guid.NewGuid();
        var referred = Guid.NewGuid();
        foreach (var caseId in new[] { supported, referred })
        {
            await bus.Publish(new ConsentGranted(caseId, ["assessment", "intervention", "sharing"], ["youth-service"], DateTimeOffset.UtcNow));
            await Eventually.TrueAsync(async () => (await context.Client.GetAsync(InterventionTestContext.Path(caseId))).IsSuccessStatusCode, "the case opens");
        }

        var (tooEarly, _) = await context.PostAsync(InterventionTestContext.Path(supported, "/interventions"), InterventionTestContext.Mentoring(),
            await context.ETagAsync(InterventionTestContext.Path(supported)));
        var (unknown, unknownProblem) = await context.PostAsync("/api/interventions/panels",
            new { scheduledFor = DateTimeOffset.UtcNow, caseIds = new[] { supported, Guid.NewGuid() } });
        var (scheduled, meeting) = await context.PostAsync("/api/interventions/panels",
            new { scheduledFor = DateTimeOffset.UtcNow.AddDays(7), caseIds = new[] { supported, referred } });
        var panel = $"/api/interventions/panels/{meeting.GetProperty("id").GetGuid()}";
        var (badAttendance, attendanceProblem) = await context.PostAsync($"{panel}/attendance", new { attendees = new[] { new { agency = "wizards", name = "", role = "x" } } });
        var (nulName, nulProblem) = await context.PostAsync($"{panel}/attendance", new { attendees = new[] { new { agency = "police", name = "PC\u0000Jones", role = "Officer" } } });
        var (nulReasons, reasonsProblem) = await context.PostAsync($"{panel}/decisions", new { caseId = supported, decision = "support", reasons = "Agreed\u0000." });
        var (attended, _) = await context.PostAsync($"{panel}/attendance", new
        {
            attendees = new[] { new { agency = "police", name = "PC Jones", role = "Neighbourhood officer" }, new { agency = "education", name = "Ms Patel", role = "Inclusion lead" } },
        });
        var (support, _) = await context.PostAsync($"{panel}/decisions", new { caseId = supported, decision = "support", reasons = "Agreed a mentoring plan." });
        var (again, _) = await context.PostAsync($"{panel}/decisions", new { caseId = supported, decision = "no-further-action", reasons = "Changed our minds." });
        var (refer, _) = await context.PostAsync($"{panel}/decisions", new { caseId = referred, decision = "refer-elsewhere", reasons = "Statutory threshold met: children's social care." });
        var (_, view) = await context.GetAsync(panel);

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode); // no plan before the panel decides to support
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True(unknownProblem.GetProperty("errors").TryGetProperty("caseIds[1]", out _));
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAttendance.StatusCode);
        Assert.True(attendanceProblem.GetProperty("errors").TryGetProperty("attendees[0].agency", out _));
        Assert.Equal(HttpStatusCode.BadRequest, nulName.StatusCode);
        Assert.True(nulProblem.GetProperty("errors").TryGetProperty("attendees[0].name", out _));
        Assert.Equal(HttpStatusCode.BadRequest, nulReasons.StatusCode);
        Assert.True(reasonsProblem.GetProperty("errors").TryGetProperty("reasons", out _));
        Assert.Equal(HttpStatusCode.OK, attended.StatusCode);
        Assert.Equal(HttpStatusCode.OK, support.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refer.StatusCode);
        Assert.Equal(2, view.GetProperty("attendance").GetArrayLength());
        Assert.Equal("support", (await context.GetAsync(InterventionTestContext.Path(supported))).Body.GetProperty("status").GetString());
        Assert.Equal("assessment", (await context.GetAsync(InterventionTestContext.Path(referred))).Body.GetProperty("status").GetString());
        await decisions.WaitForCountAsync(2);
        Assert.DoesNotContain("Statutory", string.Join(" ", decisions.Messages.Select(m => m.Message.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_meeting_time_with_any_offset_is_taken_and_kept_in_utc()
    {
        await using var context = await InterventionTestContext.StartAsync();
        var caseId = Guid.NewGuid();
        await context.Service.Services.GetRequiredService<IBus>()
            .Publish(new ConsentGranted(caseId, ["assessment", "intervention", "sharing"], ["youth-service"], DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await context.Client.GetAsync(InterventionTestContext.Path(caseId))).IsSuccessStatusCode, "the case opens");

        var (scheduled, meeting) = await context.PostAsync("/api/interventions/panels",
            new { scheduledFor = "2026-12-08T10:00:00+14:00", caseIds = new[] { caseId } });

        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero), meeting.GetProperty("scheduledFor").GetDateTimeOffset());
    }
}
