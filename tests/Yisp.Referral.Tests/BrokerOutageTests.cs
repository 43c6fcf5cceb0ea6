using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Contracts.Referrals;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class BrokerOutageTests
{
    [Fact]
    public async Task Referrals_are_accepted_while_the_broker_is_unreachable_and_every_event_is_delivered_once_it_returns()
    {
        var broker = await TestInfrastructure.BrokerAsync();
        await using var brokerLink = TcpProxy.Start(broker.Host, broker.Port);
        await using var context = await ReferralTestContext.StartAsync(new()
        {
            ["Messaging:Port"] = brokerLink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Outbox:PublishTimeout"] = "00:00:01",
        });
        await using var listener = await BusListener<ReferralReceived>.StartAsync(context.VirtualHost);
        await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Before"));
        await listener.WaitForCountAsync(1);
        // Heard is not yet confirmed: a cut before the relay marks the row sent would leave it to be sent again.
        await Eventually.TrueAsync(async () => await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") == 0, "the first referral's events are marked sent");

        brokerLink.Cut();
        // Degraded, not unready: the service still takes referrals, so it must stay in rotation.
        var ready = await context.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").Str("broker"));
        Assert.Equal(HttpStatusCode.OK, (await context.Client.GetAsync("/health/live")).StatusCode);
        var acceptedDuringOutage = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            acceptedDuringOutage.Add((await context.CreatedAsync(ReferralPayloads.Valid(givenName: $"During{i}"))).Id());
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // the relay tries, fails and backs off meanwhile
        Assert.Equal(20L, await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND message_type LIKE '%ReferralReceived'"));
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE parked_at IS NOT NULL"));

        brokerLink.Restore();

        await listener.WaitForCountAsync(21, TimeSpan.FromSeconds(60));
        Assert.Subset(listener.Messages.Select(m => m.Message.ReferralId).ToHashSet(), acceptedDuringOutage.ToHashSet());
        await Eventually.TrueAsync(async () => await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") == 0, "every outbox row is marked sent");
        await Eventually.TrueAsync(async () => (await (await context.Client.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>())
            .Str("status") == "Healthy", "readiness recovers");
    }
}
