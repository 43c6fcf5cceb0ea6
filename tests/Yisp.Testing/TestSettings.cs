using System.Globalization;

namespace Yisp.Testing;

/// <summary>Configuration that points a service at a test's own database and virtual host, with quick retries.</summary>
public static class TestSettings
{
    /// <summary>
    /// For a host inside the test process: hosts sharing it would each run a full collection of the whole process whenever
    /// it goes quiet (service processes keep the release, as deployed).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> InProcessHost { get; } = new Dictionary<string, string?>
    {
        ["Memory:ReleaseWhenIdle"] = "false",
    };

    /// <summary>The gateway's audit key: its own, not the services'.</summary>
    public const string GatewayAuditKey = "I/5295rCqL3tHmHO5eNrfWqltzzdXcmt4yCtqJMAw/Y=";

    /// <summary>A gateway process's own database (its trail of refused calls) and audit key, as environment variables.</summary>
    public static Dictionary<string, string?> GatewayStore(TestDatabase database) => new()
    {
        ["Database__ConnectionString"] = database.ConnectionString,
        ["Audit__ChainKey"] = GatewayAuditKey,
    };

    public static Dictionary<string, string?> For(TestDatabase database, TestVirtualHost virtualHost, int? brokerPort = null) => new()
    {
        ["Database:Engine"] = "Postgres",
        ["Database:ConnectionString"] = database.ConnectionString,
        ["Messaging:Host"] = virtualHost.Broker.Host,
        ["Messaging:Port"] = (brokerPort ?? virtualHost.Broker.Port).ToString(CultureInfo.InvariantCulture),
        ["Messaging:VirtualHost"] = virtualHost.Name,
        ["Messaging:Username"] = virtualHost.Broker.Username,
        ["Messaging:Password"] = virtualHost.Broker.Password,
        ["Messaging:RetryLimit"] = "2",
        ["Messaging:RetryMinInterval"] = "00:00:00.050",
        ["Messaging:RetryMaxInterval"] = "00:00:00.200",
        ["Outbox:PublishTimeout"] = "00:00:03",
        ["Outbox:OutageMaxDelay"] = "00:00:01",
        ["Outbox:RetryBaseDelay"] = "00:00:00.200",
        ["Referral:Privacy:ActiveKeyId"] = "test",
        ["Referral:Privacy:Keys:test"] = "hDF8xS9BnGhXwhec5dE00eUFthCaln6+AkdAqDWXC/c=",
        ["Referral:Matching:Secret"] = "rqVMkU9sbrOFPMSWliXtEQ7+jtTIR8/VhrpbTxsq8cA=",
        ["Audit:ChainKey"] = "6Xj0m3b2Vq9cN8rT1yLw4Pz7Kd5Hs2Fa0Ge3Uq6Io9A=",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None", // "not ready yet" while a host starts
    };

    /// <summary>Service settings that trust the platform's identity process, behind a gateway at <paramref name="publicUrl"/>.</summary>
    public static Dictionary<string, string?> Trusting(Dictionary<string, string?> settings, Uri identity, string publicUrl)
    {
        settings["Auth:Authority"] = identity.ToString();
        settings["Auth:RequireHttpsMetadata"] = "false";
        settings["OpenApi:PublicBaseUrl"] = publicUrl;
        return settings;
    }

    /// <summary>The identity service's settings with the test clients, issuing tokens as the gateway at <paramref name="publicUrl"/>.</summary>
    public static Dictionary<string, string?> Identity(string publicUrl)
    {
        var settings = TestIdentity.Registrations();
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Identity:Issuer"] = publicUrl + "/";
        settings["OpenApi:PublicBaseUrl"] = publicUrl;
        return settings;
    }

    /// <summary>The same settings as environment variables, for a service run as its own process.</summary>
    public static Dictionary<string, string?> AsEnvironment(IReadOnlyDictionary<string, string?> settings) =>
        settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}
