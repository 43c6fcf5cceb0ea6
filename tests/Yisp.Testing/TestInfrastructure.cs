using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Yisp.Testing;

/// <summary>
/// Finds the PostgreSQL server and RabbitMQ broker the tests run against: endpoints given in
/// environment variables first (this is how CI and scripts/test.sh run), otherwise containers when a
/// Docker engine is present, otherwise a clear failure. Never a silent skip.
/// </summary>
public static class TestInfrastructure
{
    public const string PostgresVariable = "YISP_TEST_POSTGRES";
    public const string RabbitMqVariable = "YISP_TEST_RABBITMQ";
    public const string RabbitMqManagementVariable = "YISP_TEST_RABBITMQ_MANAGEMENT";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? postgres;
    private static BrokerEndpoint? broker;

    public static async Task<string> PostgresAdminAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return postgres ??= Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : await StartPostgresContainerAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<BrokerEndpoint> BrokerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return broker ??= Environment.GetEnvironmentVariable(RabbitMqVariable) is { Length: > 0 } amqp
                ? BrokerEndpoint.From(new Uri(amqp), new Uri(Environment.GetEnvironmentVariable(RabbitMqManagementVariable)
                    ?? throw Unavailable($"{RabbitMqManagementVariable} (the management API, e.g. http://guest:guest@127.0.0.1:15672/)")))
                : await StartRabbitMqContainerAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static bool DockerAvailable => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;

    private static async Task<string> StartPostgresContainerAsync()
    {
        if (!DockerAvailable)
        {
            throw Unavailable($"{PostgresVariable} (an admin connection string)");
        }
        var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    }

    private static async Task<BrokerEndpoint> StartRabbitMqContainerAsync()
    {
        if (!DockerAvailable)
        {
            throw Unavailable($"{RabbitMqVariable} (an amqp:// URI)");
        }
        const int managementPort = 15672;
        var container = new RabbitMqBuilder("rabbitmq:3.13-management").WithPortBinding(managementPort, true).Build();
        await container.StartAsync();
        var amqp = new Uri(container.GetConnectionString());
        var management = new UriBuilder("http", container.Hostname, container.GetMappedPublicPort(managementPort))
        {
            UserName = amqp.UserInfo.Split(':')[0],
            Password = amqp.UserInfo.Split(':')[1],
        }.Uri;
        return BrokerEndpoint.From(amqp, management);
    }

    private static InvalidOperationException Unavailable(string variable) => new(
        $"No test infrastructure: set {variable}, or run the tests with scripts/test.sh (it installs and starts " +
        "PostgreSQL and RabbitMQ on loopback), or start a Docker engine so Testcontainers can. " +
        (Environment.GetEnvironmentVariable("CI") == "true" ? "CI must provide it: failing rather than skipping." : ""));
}
