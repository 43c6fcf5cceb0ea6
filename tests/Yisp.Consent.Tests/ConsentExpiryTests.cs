using Yisp.Contracts.Consent;
using Yisp.Testing;
using static Yisp.Consent.Tests.ConsentTestContext;

namespace Yisp.Consent.Tests;

public sealed class ConsentExpiryTests
{
    [Fact]
    public async Task Expiry_and_its_reminder_fire_exactly_once_with_two_service_instances()
    {
        await using var context = await StartAsync(new()
        {
            ["Consent:ExpiryScanInterval"] = "00:00:00.100",
            ["Consent:ReminderBefore"] = "1.00:00:00",
        });
        await using var second = new ServiceFactory<ConsentServiceMarker>(context.Settings);
        _ = second.CreateClient(); // start the second instance: two expiry jobs over one database
        await TestServiceHost.WaitUntilReadyAsync(second.Services);
        await using var expired = await BusListener<ConsentExpired>.StartAsync(context.VirtualHost);
        await using var expiring = await BusListener<ConsentExpiring>.StartAsync(context.VirtualHost);
        var caseId = await context.OpenCaseAsync("police");
        // Long enough for both decisions and the check on a loaded machine: a decision that expires before it is recorded is refused.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(8);
        foreach (var party in new[] { "child", "parent-carer" })
        {
            var (decided, body) = await context.PostAsync(caseId, "decisions",
                new { party, recordedBy = "Key worker", method = "written", expiresAt, items = new[] { Grant("assessment"), Grant("sharing", "police") } },
                await context.ETagAsync(caseId));
            Assert.True(decided.IsSuccessStatusCode, body.ToString());
        }
        Assert.True(await context.CheckAsync(caseId, "police", "assessment"));

        await expired.WaitForCountAsync(1, TimeSpan.FromSeconds(20));
        await Task.Delay(1500); // both instances keep scanning

        Assert.False(await context.CheckAsync(caseId, "police", "assessment"));
        Assert.Single(expired.Messages);
        Assert.Equal(["assessment", "sharing"], expired.Messages.Single().Message.Purposes);
        Assert.Equal(4, expiring.Messages.Count); // one reminder per grant, however many instances
        Assert.Equal(4, expiring.Messages.Select(m => m.MessageId).Distinct().Count());
    }
}
