using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Yisp.Data.Dialects;
using Yisp.Data.Migrations;
using Yisp.ServiceDefaults;

namespace Yisp.Data;

public static class DataExtensions
{
    /// <summary>Registers the service's database (engine from configuration), its health check and its migrations.</summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder, Assembly migrations)
    {
        DapperTypeHandlers.Register();
        var services = builder.Services;
        services.AddValidatedOptions<DatabaseOptions>(builder.Configuration, DatabaseOptions.Section);
        services.AddSingleton<ISqlDialect>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Engine switch
        {
            DatabaseEngine.SqlServer => new SqlServerDialect(),
            _ => new PostgresDialect(),
        });
        services.AddSingleton<Database>();
        services.AddSingleton<SchemaMigrator>();
        services.AddMigrations(migrations);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static IServiceCollection AddMigrations(this IServiceCollection services, Assembly migrations) =>
        services.AddSingleton(new MigrationAssembly(migrations));

    /// <summary>Brings the schema up to date before the host starts its background work and serves requests.</summary>
    public static Task MigrateDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default) =>
        app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
}
