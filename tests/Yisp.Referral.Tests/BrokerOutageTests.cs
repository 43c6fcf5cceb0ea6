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
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var listener = await BusListener<ReferralReceived>.StartAsync(virtualHost);
        await using var brokerLink = TcpProxy.Start(virtualHost.Broker.Host, virtualHost.Broker.Port);
        var settings = TestSettings.For(database, virtualHost, brokerLink.Port);
        settings["Outbox:PublishTimeout"] = "00:00:01";
        await using var service = new ReferralServiceFactory(settings);
        using var client = service.CreateClient();
        await PostReferralAsync(client);
        await listener.WaitForCountAsync(1);

        brokerLink.Cut();
        // Degraded, not unready: the service still takes referrals, so it must stay in rotation.
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("broker").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var acceptedDuringOutage = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            acceptedDuringOutage.Add(await PostReferralAsync(client));
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // the relay tries, fails and backs off meanwhile
        Assert.Equal(20L, await ReferralApiTests.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"));
        Assert.Equal(0L, await ReferralApiTests.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages WHERE parked_at IS NOT NULL"));

        brokerLink.Restore();

        await listener.WaitForCountAsync(21, TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => (await (await client.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("status").GetString() == "Healthy", "readiness recovers");
        var delivered = listener.Messages.Select(m => m.Message.ReferralId).ToHashSet();
        Assert.Subset(delivered, acceptedDuringOutage.ToHashSet());
        await Eventually.TrueAsync(async () => await ReferralApiTests.ScalarAsync<long>(database,
            "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL") == 0, "every outbox row is marked sent");
    }

    private static async Task<Guid> PostReferralAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/referrals", new
        {
            referringAgency = "police",
            childGivenName = "Jordan",
            childFamilyName = "Reyes",
            childDateOfBirth = "2013-07-19",
            postcode = "LS1 4AP",
            reasons = "Seen with older peers involved in thefts.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
