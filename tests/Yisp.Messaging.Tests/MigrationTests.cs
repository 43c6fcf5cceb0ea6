using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yisp.Data;
using Yisp.Data.Dialects;
using Yisp.Data.Migrations;
using Yisp.Messaging.Tests.Support;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Replicas_that_start_at_the_same_moment_all_come_up_on_one_schema()
    {
        await using var database = await TestDatabase.CreateAsync();
        var assemblies = new[]
        {
            new MigrationAssembly(typeof(MessagingExtensions).Assembly),
            new MigrationAssembly(typeof(MessagingTestHost).Assembly),
        };
        var options = Options.Create(new DatabaseOptions { ConnectionString = database.ConnectionString });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new SchemaMigrator(options, new PostgresDialect(), assemblies, NullLogger<SchemaMigrator>.Instance).MigrateAsync(default))));

        var migrations = assemblies.Sum(a => a.Assembly.GetTypes().Count(t => t.IsDefined(typeof(FluentMigrator.MigrationAttribute), false)));
        Assert.Equal(migrations, await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM \"VersionInfo\""));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_relay_turn"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM outbox_messages"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(database, "SELECT COUNT(*) FROM test_counters"));
    }

    [Fact]
    public async Task A_service_with_invalid_settings_refuses_to_start_and_names_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => MessagingTestHost.StartAsync(database, virtualHost,
            overrides: new Dictionary<string, string?> { ["Database:ConnectionString"] = "", ["Outbox:BatchSize"] = "0" }));

        Assert.Contains("ConnectionString", failure.Message, StringComparison.Ordinal);
    }
}
