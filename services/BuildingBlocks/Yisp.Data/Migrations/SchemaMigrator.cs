using System.Data.Common;
using Dapper;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yisp.Data.Dialects;

namespace Yisp.Data.Migrations;

/// <summary>
/// Applies the service's migrations, written once in FluentMigrator for both engines. An
/// application lock makes replicas that start together take turns: the first migrates, the rest
/// find nothing left to do.
/// </summary>
public sealed class SchemaMigrator(
    IOptions<DatabaseOptions> options,
    ISqlDialect dialect,
    IEnumerable<MigrationAssembly> assemblies,
    ILogger<SchemaMigrator> logger)
{
    private const string LockName = "yisp-schema-migrations";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connectionString = options.Value.ConnectionString;
        await using var lockConnection = dialect.CreateConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await RunLockStatement(lockConnection, dialect.AcquireSessionLock, cancellationToken);
        try
        {
            using var provider = BuildRunner(dialect.Engine, connectionString, assemblies);
            using var scope = provider.CreateScope();
            scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
            logger.LogInformation("Database schema is up to date");
        }
        finally
        {
            await RunLockStatement(lockConnection, dialect.ReleaseSessionLock, CancellationToken.None);
        }
    }

    private static Task RunLockStatement(DbConnection connection, string sql, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, new { lockName = LockName }, commandTimeout: 0, cancellationToken: cancellationToken));

    public static ServiceProvider BuildRunner(DatabaseEngine engine, string connectionString, IEnumerable<MigrationAssembly> assemblies) =>
        new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                _ = engine == DatabaseEngine.Postgres ? runner.AddPostgres15_0() : runner.AddSqlServer2016();
                runner.WithGlobalConnectionString(connectionString)
                    .ScanIn([.. assemblies.Select(a => a.Assembly).Distinct()]).For.Migrations();
            })
            .BuildServiceProvider(validateScopes: false);
}
