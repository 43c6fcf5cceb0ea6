using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Privacy;
using Yisp.Testing;
using static Yisp.Intervention.Tests.InterventionTestContext;

namespace Yisp.Intervention.Tests;

public sealed class ErasureTests
{
    private const string FreeText = """
        SELECT (SELECT COUNT(*) FROM interventions WHERE case_id = @caseId AND goals <> '')
             + (SELECT COUNT(*) FROM progress_notes WHERE case_id = @caseId AND note <> '')
             + (SELECT COUNT(*) FROM panel_cases WHERE case_id = @caseId AND reasons IS NOT NULL)
             + (SELECT COUNT(*) FROM case_timeline WHERE case_id = @caseId AND kind = 'intervention-stopped' AND detail <> '{}')
             + (SELECT COUNT(*) FROM intervention_cases WHERE case_id = @caseId AND closure_summary IS NOT NULL)
        """;

    [Fact]
    public async Task An_erased_case_loses_its_free_text_once_and_keeps_its_ids_codes_and_dates_while_another_case_keeps_everything()
    {
        await using var context = await InterventionTestContext.StartAsync();
        var erased = await WorkedCaseAsync(context);
        var other = await WorkedCaseAsync(context);
        var timelineBefore = await context.ScalarAsync<long>("SELECT COUNT(*) FROM case_timeline WHERE case_id = @erased", new { erased });

        var bus = context.Service.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        await bus.Publish(new CaseErased(erased, DateTimeOffset.UtcNow), c => c.MessageId = messageId);
        await bus.Publish(new CaseErased(erased, DateTimeOffset.UtcNow), c => c.MessageId = messageId);
        await Eventually.TrueAsync(async () => await context.ScalarAsync<long>(FreeText, new { caseId = erased }) == 0, "the case's free text is erased");
        await Handled.ReceiptAsync(context.Database, messageId);

        var kept = await context.ScalarAsync<string>(FreeText.Replace(" + ", " || ',' || ", StringComparison.Ordinal), new { caseId = other });
        Assert.Equal("2,1,1,2,1", kept); // two interventions with goals, a note, the panel reasons, two stops on the timeline (closing stops the other), the closure summary
        Assert.Equal(timelineBefore, await context.ScalarAsync<long>("SELECT COUNT(*) FROM case_timeline WHERE case_id = @erased", new { erased }));
        var (read, view) = await context.GetAsync(Path(erased));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(("closed", "goals-achieved"), (view.GetProperty("status").GetString(), view.GetProperty("outcome").GetString()));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages WHERE message_id = @messageId", new { messageId }));
    }

    /// <summary>A case with a panel's reasons, two interventions (one stopped with a reason), a progress note and a closure summary.</summary>
    private static async Task<Guid> WorkedCaseAsync(InterventionTestContext context)
    {
        var caseId = await context.OpenCaseAsync("police", "youth-service");
        await context.PostAsync(Path(caseId, "/interventions"), Mentoring(), await context.ETagAsync(Path(caseId)));
        var (_, plan) = await context.PostAsync(Path(caseId, "/interventions"), Mentoring("police"), await context.ETagAsync(Path(caseId)));
        var mentoring = plan.GetProperty("interventions")[0].GetProperty("id").GetGuid();
        var policing = plan.GetProperty("interventions")[1].GetProperty("id").GetGuid();
        var (stopped, _) = await context.PostAsync(Path(caseId, $"/interventions/{policing}/stop"),
            new { reason = "Family declined after the officer's visit.", reasonCode = "disengaged" }, await context.ETagAsync(Path(caseId)));
        var (noted, _) = await context.PostAsync(Path(caseId, $"/interventions/{mentoring}/progress"),
            new { agency = "youth-service", recordedBy = "Mentor", note = "Good first session." });
        var (closed, _) = await context.PostAsync(Path(caseId, "/close"), new { outcome = "goals-achieved", summary = "Support ended well." },
            await context.ETagAsync(Path(caseId)));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK), (stopped.StatusCode, noted.StatusCode, closed.StatusCode));
        return caseId;
    }
}
