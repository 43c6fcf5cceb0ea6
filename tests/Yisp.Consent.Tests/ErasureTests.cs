using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Privacy;
using Yisp.Testing;
using static Yisp.Consent.Tests.ConsentTestContext;

namespace Yisp.Consent.Tests;

public sealed class ErasureTests
{
    [Fact]
    public async Task An_erased_case_loses_its_competence_judgement_and_keeps_every_decision_while_another_case_keeps_everything()
    {
        await using var context = await ConsentTestContext.StartAsync();
        var erased = await JudgedCaseAsync(context);
        var other = await JudgedCaseAsync(context);
        var decisions = await context.CountAsync("SELECT COUNT(*) FROM consent_decisions WHERE case_id = @erased", new { erased });

        var messageId = NewId.NextGuid();
        await context.Service.Services.GetRequiredService<IBus>().Publish(new CaseErased(erased, DateTimeOffset.UtcNow), c => c.MessageId = messageId);
        await Handled.ReceiptAsync(context.Database, messageId);

        Assert.Equal(0L, await context.CountAsync("SELECT COUNT(*) FROM consent_requests WHERE case_id = @erased AND competence_judgement IS NOT NULL", new { erased }));
        Assert.Equal(1L, await context.CountAsync("SELECT COUNT(*) FROM consent_requests WHERE case_id = @other AND competence_judgement IS NOT NULL", new { other }));
        Assert.Equal(decisions, await context.CountAsync("SELECT COUNT(*) FROM consent_decisions WHERE case_id = @erased", new { erased }));
        Assert.True(decisions > 0);
        var (read, _) = await context.GetAsync(erased);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(await context.CheckAsync(erased, "police", "sharing")); // what was decided still holds until the case closes
    }

    private static async Task<Guid> JudgedCaseAsync(ConsentTestContext context)
    {
        var caseId = await context.OpenCaseAsync("police");
        var (judged, _) = await context.PostAsync(caseId, "competence", new { judgement = "Understands the support offered and its sharing (Gillick)." },
            await context.ETagAsync(caseId));
        var (decided, _) = await context.DecideAsync(caseId, "child", Grant("assessment"), Grant("intervention"), Grant("sharing", "police"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (judged.StatusCode, decided.StatusCode));
        return caseId;
    }
}
