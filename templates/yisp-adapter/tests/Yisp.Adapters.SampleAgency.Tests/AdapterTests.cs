using System.Net;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using Yisp.Contracts.Agencies;
using Yisp.Testing;

namespace Yisp.Adapters.SampleAgency.Tests;

/// <summary>The adapter in-process on a database and broker virtual host of its own, delivering to a real endpoint.</summary>
public sealed class AdapterTests
{
    public const string Agency = "sample-agency";

    [Fact]
    public async Task A_notice_on_the_agencys_feed_reaches_its_system_signed_and_once_after_the_system_fails_and_recovers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var system = await AgencySystem.StartAsync();
        system.Failing = true;
        await DeclareFeedAsync(virtualHost);
        await using var adapter = new ServiceFactory<SampleAgencyAdapterMarker>(await SettingsAsync(database, virtualHost, system));
        using var anonymous = adapter.CreateClient();
        await TestServiceHost.WaitUntilReadyAsync(adapter.Services);
        var notice = new AgencyNotification(Guid.CreateVersion7(), Agency, NotificationKind.CaseShared, null, Guid.CreateVersion7(), null, null, DateTimeOffset.UtcNow);

        await PublishAsync(virtualHost, notice);
        await Eventually.TrueAsync(() => Task.FromResult(system.Refused > 0), "a delivery is tried while the agency's system is down");
        system.Failing = false;

        await Eventually.TrueAsync(() => Task.FromResult(system.Received.ContainsKey(notice.NotificationId.ToString())), "the delivery arrives once the system recovers");
        var body = JsonDocument.Parse(system.Received[notice.NotificationId.ToString()]).RootElement;
        Assert.Equal((NotificationKind.CaseShared, notice.CaseId), (body.GetProperty("kind").GetString(), body.GetProperty("caseId").GetGuid()));
        Assert.Single(system.Received);
        Assert.Equal(0, system.BadSignatures);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("progress-reports", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
    }

    private static async Task<Dictionary<string, string?>> SettingsAsync(TestDatabase database, TestVirtualHost virtualHost, AgencySystem system)
    {
        var user = $"adapter-{Agency}-{Guid.NewGuid():N}";
        var (configure, write, read) = AgencyFeeds.AdapterPermissions(Agency);
        await virtualHost.Management.CreateUserAsync(virtualHost.Name, user, "adapter-secret", configure, write, read);
        var settings = new Dictionary<string, string?>(await TestIdentity.SettingsAsync())
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Adapter:Agency"] = Agency,
            ["Adapter:Platform:GatewayUrl"] = "http://127.0.0.1:9/", // not called: a case-shared notice needs nothing fetched
            ["Adapter:Platform:ClientId"] = $"adapter-{Agency}",
            ["Adapter:Platform:ClientSecret"] = "unused",
            ["Adapter:Feed:Host"] = virtualHost.Broker.Host,
            ["Adapter:Feed:Port"] = virtualHost.Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Adapter:Feed:VirtualHost"] = virtualHost.Name,
            ["Adapter:Feed:Username"] = user,
            ["Adapter:Feed:Password"] = "adapter-secret",
            ["Adapter:Webhook:Url"] = system.Url,
            ["Adapter:Webhook:Secrets:0"] = system.Secret,
            ["Adapter:Webhook:MinBackoff"] = "00:00:00.100",
            ["Adapter:Webhook:MaxBackoff"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        return settings;
    }

    /// <summary>What the platform does for every agency: the feed exchange and the agency's queue, bound by its code.</summary>
    private static async Task DeclareFeedAsync(TestVirtualHost virtualHost)
    {
        await using var connection = await ConnectAsync(virtualHost);
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(AgencyFeeds.Exchange, ExchangeType.Direct, durable: true);
        await channel.QueueDeclareAsync(AgencyFeeds.Queue(Agency), durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(AgencyFeeds.Queue(Agency), AgencyFeeds.Exchange, Agency);
    }

    /// <summary>A notice as the platform's message bus publishes it (inside its JSON envelope).</summary>
    private static async Task PublishAsync(TestVirtualHost virtualHost, AgencyNotification notice)
    {
        await using var connection = await ConnectAsync(virtualHost);
        await using var channel = await connection.CreateChannelAsync();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { message = notice }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        await channel.BasicPublishAsync(AgencyFeeds.Exchange, Agency, true, new BasicProperties { Persistent = true }, body);
    }

    private static Task<IConnection> ConnectAsync(TestVirtualHost virtualHost) => new ConnectionFactory
    {
        HostName = virtualHost.Broker.Host,
        Port = virtualHost.Broker.Port,
        VirtualHost = virtualHost.Name,
        UserName = virtualHost.Broker.Username,
        Password = virtualHost.Broker.Password,
    }.CreateConnectionAsync();
}
