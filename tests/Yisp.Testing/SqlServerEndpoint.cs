using Testcontainers.MsSql;

namespace Yisp.Testing;

/// <summary>
/// SQL Server for the tests that need a live one: YISP_TEST_SQLSERVER first, otherwise a container
/// where a Docker engine exists. Machines with neither (SQL Server cannot run on them) check T-SQL
/// with the parser instead, and these tests report themselves skipped with the reason.
/// </summary>
public static class SqlServerEndpoint
{
    public const string Variable = "YISP_TEST_SQLSERVER";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? connectionString;

    public static string? UnavailableReason =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || TestInfrastructure.DockerAvailable
            ? null
            : $"No SQL Server: set {Variable} or start a Docker engine. T-SQL is still checked by the parser tests.";

    public static async Task<string> ConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (connectionString is null)
            {
                if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
                {
                    connectionString = fromEnvironment;
                }
                else
                {
                    var container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
                    await container.StartAsync();
                    connectionString = container.GetConnectionString();
                }
            }
            return connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>A fact that needs a live SQL Server; skipped, with the reason, where none can be had.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute() => Skip = SqlServerEndpoint.UnavailableReason;
}
