using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Testing;

namespace Yisp.Intervention.Tests;

public sealed class ReviewTests
{
    [Fact]
    public async Task An_overdue_review_is_raised_once_per_due_date_with_two_instances_and_a_review_resets_the_clock()
    {
        await using var context = await InterventionTestContext.StartAsync(new()
        {
            ["Intervention:ReviewInterval"] = "00:00:02",
            ["Intervention:OverdueScanInterval"] = "00:00:00.100",
        });
        await using var second = new ServiceFactory<InterventionServiceMarker>(context.Settings);
        _ = second.CreateClient();
        await TestServiceHost.WaitUntilReadyAsync(second.Services);
        await using var overdue = await BusListener<ReviewOverdue>.StartAsync(context.VirtualHost);
        await using var reviewed = await BusListener<ReviewRecorded>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("youth-service");
        var path = InterventionTestContext.Path(caseId);
        var (_, plan) = await context.PostAsync($"{path}/interventions", InterventionTestContext.Mentoring(), await context.ETagAsync(path));
        var interventionId = plan.GetProperty("interventions")[0].GetProperty("id").GetGuid();

        await overdue.WaitForCountAsync(1, TimeSpan.FromSeconds(20));
        await Task.Delay(1000); // both instances keep scanning the same overdue case
        Assert.Single(overdue.Messages);

        var (noReviewer, _) = await context.PostAsync($"{path}/reviews", new { reviewedOn = "2026-11-20" }, await context.ETagAsync(path));
        var (stranger, _) = await context.PostAsync($"{path}/reviews",
            new { reviewer = "Panel chair", reviewedOn = "2026-11-20", progress = new[] { new { interventionId = Guid.NewGuid(), note = "?" } } },
            await context.ETagAsync(path));
        var (review, view) = await context.PostAsync($"{path}/reviews", new
        {
            reviewer = "Panel chair",
            reviewedOn = "2026-11-20",
            progress = new[] { new { interventionId, note = "Attended 5 of 6 sessions." } },
            planChanges = "Add a sports club.",
        }, await context.ETagAsync(path));

        Assert.Equal(HttpStatusCode.BadRequest, noReviewer.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        await reviewed.WaitForCountAsync(1);
        Assert.Equal(view.GetProperty("nextReviewDue").GetDateTimeOffset(), reviewed.Messages.Single().Message.NextDue);
        await overdue.WaitForCountAsync(2, TimeSpan.FromSeconds(20)); // the new due date passes too
        await Task.Delay(1000);
        Assert.Equal(2, overdue.Messages.Count);
        Assert.Equal(2, overdue.Messages.Select(m => m.Message.DueAt).Distinct().Count());
    }
}
