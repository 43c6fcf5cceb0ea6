using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Testing;

using static Yisp.Intervention.Tests.InterventionTestContext;

namespace Yisp.Intervention.Tests;

public sealed class CaseFlowTests
{
    [Fact]
    public async Task Only_consent_to_assessment_opens_a_case_and_a_redelivered_grant_changes_nothing()
    {
        await using var context = await InterventionTestContext.StartAsync();
        var bus = context.Service.Services.GetRequiredService<IBus>();
        var sharingOnly = Guid.NewGuid();
        var grant = new ConsentGranted(Guid.NewGuid(), AllPurposes, ["police"], DateTimeOffset.UtcNow);
        var messageId = Guid.NewGuid();

        var sharingOnlyId = Guid.NewGuid();
        using var duplicates = new DuplicateWatch();

        await bus.Publish(new ConsentGranted(sharingOnly, ["sharing"], ["police"], DateTimeOffset.UtcNow), c => c.MessageId = sharingOnlyId);
        await bus.Publish(grant, c => c.MessageId = messageId);
        await bus.Publish(grant, c => c.MessageId = messageId);
        await Eventually.TrueAsync(async () => (await context.Client.GetAsync(Path(grant.CaseId))).IsSuccessStatusCode, "the consented case opens");
        await Handled.ReceiptAsync(context.Database, sharingOnlyId);
        await duplicates.SkippedAsync<Messaging.ConsentGrantedConsumer>();

        Assert.Equal(HttpStatusCode.NotFound, (await context.Client.GetAsync(Path(sharingOnly))).StatusCode);
        var (_, view) = await context.GetAsync(Path(grant.CaseId));
        Assert.Equal(("assessment", 1), (view.GetProperty("status").GetString(), view.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Assessments_rate_every_domain_and_a_later_one_is_a_new_version()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var recorded = await BusListener<AssessmentRecorded>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police");
        var ratings = Ratings(1);
        ratings["education"] = 4;

        var (incomplete, problem) = await context.PostAsync(Path(caseId, "/assessments"),
            new { assessor = "A. Assessor", assessedOn = "2026-11-20", ratings = new Dictionary<string, int> { ["education"] = 7, ["astrology"] = 1 } });
        var (first, _) = await context.PostAsync(Path(caseId, "/assessments"), new
        {
            assessor = "A. Assessor",
            assessedOn = "2026-11-20",
            ratings,
            protectiveFactors = new Dictionary<string, string[]> { ["family-and-relationships"] = ["Close to grandmother"] },
            childView = "I want to stay in school.",
            parentView = "He listens to his coach.",
        });
        var (second, view) = await context.PostAsync(Path(caseId, "/assessments"), new { assessor = "A. Assessor", assessedOn = "2026-11-25", ratings = Ratings(2) });

        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("ratings.education", out _) && errors.TryGetProperty("ratings.astrology", out _)
            && errors.TryGetProperty("ratings.lifestyle", out _));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var versions = view.GetProperty("assessments").EnumerateArray().ToList();
        Assert.Equal([1, 2], versions.Select(a => a.GetProperty("version").GetInt32()));
        Assert.Equal(14, versions[0].GetProperty("total").GetInt32());
        Assert.Equal("education", versions[0].GetProperty("highestNeedDomains")[0].GetString());
        await recorded.WaitForCountAsync(2);
        Assert.DoesNotContain("grandmother", string.Join(" ", recorded.Messages.Select(m => m.Message.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_intervention_is_led_only_by_a_consented_agency_and_two_editors_at_once_get_412()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var assigned = await BusListener<InterventionAssigned>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police", "youth-service");
        var etag = await context.ETagAsync(Path(caseId));

        var (notCovered, refusal) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("health"), etag);
        var (first, plan) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring(), etag);
        var (second, _) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("police"), etag);
        var (missing, _) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("police"));

        Assert.Equal(HttpStatusCode.Conflict, notCovered.StatusCode);
        Assert.Contains("health", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal("support", plan.GetProperty("status").GetString());
        await assigned.WaitForCountAsync(1);
        Assert.Equal("youth-service", Assert.Single(assigned.Messages).Message.LeadAgency);
    }

    [Fact]
    public async Task Interventions_start_complete_or_stop_with_a_reason_and_each_step_is_announced()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var stopped = await BusListener<InterventionStopped>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police", "youth-service");
        var (_, plan) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring(), await context.ETagAsync(Path(caseId)));
        var (_, withSecond) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("police"), await context.ETagAsync(Path(caseId)));
        var mentoring = plan.GetProperty("interventions")[0].GetProperty("id").GetGuid();
        var policing = withSecond.GetProperty("interventions")[1].GetProperty("id").GetGuid();

        var (started, _) = await context.PostAsync(Path(caseId, $"/interventions/{mentoring}/start"), null, await context.ETagAsync(Path(caseId)));
        var (completed, _) = await context.PostAsync(Path(caseId, $"/interventions/{mentoring}/complete"), null, await context.ETagAsync(Path(caseId)));
        var (again, _) = await context.PostAsync(Path(caseId, $"/interventions/{mentoring}/start"), null, await context.ETagAsync(Path(caseId)));
        var (noReason, _) = await context.PostAsync(Path(caseId, $"/interventions/{policing}/stop"), new { }, await context.ETagAsync(Path(caseId)));
        var (badCode, badCodeProblem) = await context.PostAsync(Path(caseId, $"/interventions/{policing}/stop"),
            new { reason = "Family declined.", reasonCode = "bored" }, await context.ETagAsync(Path(caseId)));
        var (stop, view) = await context.PostAsync(Path(caseId, $"/interventions/{policing}/stop"),
            new { reason = "Family declined.", reasonCode = "disengaged" }, await context.ETagAsync(Path(caseId)));

        var (note, notes) = await context.PostAsync(Path(caseId, $"/interventions/{mentoring}/progress"),
            new { agency = "youth-service", recordedBy = "Mentor", note = "Good first session." });
        var (outsider, _) = await context.PostAsync(Path(caseId, $"/interventions/{mentoring}/progress"),
            new { agency = "health", recordedBy = "Nurse", note = "Not consented." });
        var (notLead, notLeadProblem) = await context.PostAsync(Path(caseId, $"/interventions/{mentoring}/progress"),
            new { agency = "police", recordedBy = "PC Officer", note = "Consented, but not the lead." });
        var (_, onlyLeadNotes) = await context.GetAsync(Path(caseId, $"/interventions/{mentoring}/progress"));
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal("Good first session.", notes[0].GetProperty("note").GetString());
        Assert.Equal(HttpStatusCode.Conflict, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notLead.StatusCode);
        Assert.Contains("youth-service", notLeadProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["youth-service"], onlyLeadNotes.EnumerateArray().Select(n => n.GetProperty("agency").GetString()));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.True(badCodeProblem.GetProperty("errors").TryGetProperty("reasonCode", out _));
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(["completed", "stopped"], view.GetProperty("interventions").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("disengaged", view.GetProperty("interventions")[1].GetProperty("stopReasonCode").GetString());
        await stopped.WaitForCountAsync(1);
        var stopEvent = Assert.Single(stopped.Messages).Message;
        Assert.Equal(("Family declined.", "disengaged"), (stopEvent.Reason, stopEvent.ReasonCode));
    }

    [Fact]
    public async Task Withdrawing_one_agencys_consent_suspends_exactly_that_agencys_interventions_and_all_consent_the_case()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var suspended = await BusListener<InterventionSuspended>.StartAsync(context.VirtualHost);
        await using var caseSuspended = await BusListener<CaseSuspended>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police", "youth-service");
        await context.PostAsync(Path(caseId, "/interventions"), Mentoring(), await context.ETagAsync(Path(caseId)));
        await context.PostAsync(Path(caseId, "/interventions"), Mentoring("police"), await context.ETagAsync(Path(caseId)));
        var bus = context.Service.Services.GetRequiredService<IBus>();

        await bus.Publish(new ConsentWithdrawn(caseId, false, ["sharing"], ["youth-service"], DateTimeOffset.UtcNow));
        await suspended.WaitForCountAsync(1);
        var (_, afterPartial) = await context.GetAsync(Path(caseId));
        var byLead = afterPartial.GetProperty("interventions").EnumerateArray()
            .ToDictionary(i => i.GetProperty("leadAgency").GetString()!, i => i.GetProperty("suspended").GetBoolean());

        Assert.True(byLead["youth-service"]);
        Assert.False(byLead["police"]);
        Assert.Equal("youth-service", Assert.Single(suspended.Messages).Message.LeadAgency);

        await bus.Publish(new ConsentWithdrawn(caseId, true, AllPurposes, ["police"], DateTimeOffset.UtcNow));
        await caseSuspended.WaitForCountAsync(1);
        await suspended.WaitForCountAsync(2);
        var (refused, _) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("police"), await context.ETagAsync(Path(caseId)));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task A_case_closes_with_an_outcome_stops_what_was_open_and_is_read_only_after()
    {
        await using var context = await InterventionTestContext.StartAsync();
        await using var closed = await BusListener<CaseClosed>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("youth-service");
        await context.PostAsync(Path(caseId, "/interventions"), Mentoring(), await context.ETagAsync(Path(caseId)));

        var (badOutcome, problem) = await context.PostAsync(Path(caseId, "/close"), new { outcome = "vanished" }, await context.ETagAsync(Path(caseId)));
        var (close, view) = await context.PostAsync(Path(caseId, "/close"), new { outcome = "goals-achieved", summary = "Attending school and the club." },
            await context.ETagAsync(Path(caseId)));
        var (late, _) = await context.PostAsync(Path(caseId, "/assessments"), new { assessor = "A", assessedOn = "2026-11-20", ratings = Ratings(1) });

        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("outcome", out _) && problem.GetProperty("errors").TryGetProperty("summary", out _));
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal("Attending school and the club.", view.GetProperty("closureSummary").GetString());
        Assert.Equal(("closed", "goals-achieved"), (view.GetProperty("status").GetString(), view.GetProperty("outcome").GetString()));
        Assert.Equal("stopped", view.GetProperty("interventions")[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        await closed.WaitForCountAsync(1);
    }
}
