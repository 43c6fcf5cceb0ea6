using System.Globalization;
using Yisp.Contracts;
using Yisp.Contracts.Agencies;
using Yisp.Testing;

namespace Yisp.Benchmarks;

/// <summary>
/// An agency's adapter as its own Release-built process, configured as it is deployed: its own database, its own broker
/// user (its feed queue, read only), the agency's client for the gateway, webhooks signed for the agency's receiver.
/// </summary>
public sealed class AgencyAdapter : IAsyncDisposable
{
    private readonly TestDatabase database;
    private readonly TestVirtualHost virtualHost;
    private readonly string brokerUser;

    private AgencyAdapter(TestDatabase database, TestVirtualHost virtualHost, string brokerUser, ServiceProcess process)
    {
        this.database = database;
        this.virtualHost = virtualHost;
        this.brokerUser = brokerUser;
        Process = process;
    }

    public ServiceProcess Process { get; }

    public TestDatabase Database => database;

    /// <summary>The adapter of <paramref name="agency"/>, whose project is <paramref name="project"/> under services/Adapters.</summary>
    public static async Task<AgencyAdapter> StartAsync(string agency, string project, TestVirtualHost virtualHost, Uri gateway, WebhookReceiver receiver)
    {
        var database = await TestDatabase.CreateAsync();
        var brokerUser = $"adapter-{agency}-{Guid.NewGuid():N}";
        try
        {
            var (configure, write, read) = AgencyFeeds.AdapterPermissions(agency);
            await virtualHost.Management.CreateUserAsync(virtualHost.Name, brokerUser, "adapter-broker-secret", configure, write, read);
            var client = TestIdentity.AgencyClient(agency);
            var process = await ServiceProcess.StartAsync($"services/Adapters/{project}", new Dictionary<string, string?>
            {
                ["Database__ConnectionString"] = database.ConnectionString,
                ["Auth__Authority"] = (await TestIdentity.AuthorityAsync()).ToString(),
                ["Auth__RequireHttpsMetadata"] = "false",
                ["Adapter__Agency"] = agency,
                ["Adapter__Platform__GatewayUrl"] = gateway.ToString(),
                ["Adapter__Platform__ClientId"] = client,
                ["Adapter__Platform__ClientSecret"] = TestIdentity.SecretOf(client),
                ["Adapter__Feed__Host"] = virtualHost.Broker.Host,
                ["Adapter__Feed__Port"] = virtualHost.Broker.Port.ToString(CultureInfo.InvariantCulture),
                ["Adapter__Feed__VirtualHost"] = virtualHost.Name,
                ["Adapter__Feed__Username"] = brokerUser,
                ["Adapter__Feed__Password"] = "adapter-broker-secret",
                ["Adapter__Webhook__Url"] = receiver.Address.ToString(),
                ["Adapter__Webhook__Secrets__0"] = receiver.Secret,
                ["Logging__LogLevel__Default"] = "Warning",
            });
            return new AgencyAdapter(database, virtualHost, brokerUser, process);
        }
        catch
        {
            await virtualHost.Management.DeleteUserAsync(brokerUser);
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await virtualHost.Management.DeleteUserAsync(brokerUser);
        await database.DisposeAsync();
    }
}
