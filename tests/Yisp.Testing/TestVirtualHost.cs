namespace Yisp.Testing;

/// <summary>A RabbitMQ virtual host of one test's own: its exchanges and queues cannot reach another test's.</summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private TestVirtualHost(BrokerEndpoint broker, string name)
    {
        Broker = broker;
        Name = name;
        Management = new RabbitManagement(broker);
    }

    public BrokerEndpoint Broker { get; }

    public string Name { get; }

    public RabbitManagement Management { get; }

    /// <param name="broker">The broker to create it on; the tests' shared one when null.</param>
    public static async Task<TestVirtualHost> CreateAsync(BrokerEndpoint? broker = null)
    {
        broker ??= await TestInfrastructure.BrokerAsync();
        var vhost = new TestVirtualHost(broker, $"yisp-test-{Guid.NewGuid():N}");
        await vhost.Management.CreateVirtualHostAsync(vhost.Name, broker.Username);
        return vhost;
    }

    public async ValueTask DisposeAsync()
    {
        await Management.DeleteVirtualHostAsync(Name);
        Management.Dispose();
    }
}
