using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Yisp.Messaging;
using Yisp.Messaging.Feeds;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Feed;

/// <summary>The agency feeds in a test's own virtual host, declared as the platform declares them.</summary>
public static class FeedTestBroker
{
    public static async Task DeclareFeedsAsync(TestVirtualHost virtualHost)
    {
        var topology = new AgencyFeedTopology(Options.Create(new MessagingOptions
        {
            Host = virtualHost.Broker.Host,
            Port = virtualHost.Broker.Port,
            VirtualHost = virtualHost.Name,
            Username = virtualHost.Broker.Username,
            Password = virtualHost.Broker.Password,
        }));
        Assert.True(await topology.EnsureDeclaredAsync(default));
    }

    public static Task<IConnection> ConnectAsync(TestVirtualHost virtualHost, string user, string password) =>
        new ConnectionFactory
        {
            HostName = virtualHost.Broker.Host,
            Port = virtualHost.Broker.Port,
            VirtualHost = virtualHost.Name,
            UserName = user,
            Password = password,
        }.CreateConnectionAsync();
}
