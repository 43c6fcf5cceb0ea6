using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Yisp.Messaging.Faults;
using Yisp.Messaging.Tests.Support;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

/// <summary>
/// A consumer whose database is down keeps its messages, however long the outage lasts; only a message that fails on
/// its own is parked in _error, and then the service reports it.
/// </summary>
public sealed class TransientFaultTests
{
    private static readonly Dictionary<string, string?> QuickChecks = new()
    {
        ["Messaging:OutageRetryMaxInterval"] = "00:00:00.300",
        ["Messaging:DeadLetterCheckInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task Messages_wait_out_a_database_outage_longer_than_the_retry_schedule_and_none_is_parked()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = TcpProxy.Start(target.Host!, target.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Timeout = 2 };
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            consumers: bus => bus.AddConsumer<AttemptCountingCounterConsumer>(),
            overrides: new Dictionary<string, string?>(QuickChecks) { ["Database:ConnectionString"] = throughProxy.ConnectionString });
        var attempts = host.Services.GetRequiredService<AttemptLog>();
        var counterId = Guid.NewGuid();
        await Sql.ExecuteAsync(database, "INSERT INTO test_counters (id, value) VALUES (@counterId, 0)", new { counterId });
        var bus = host.Services.GetRequiredService<IBus>();
        var messageIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        proxy.Cut();
        foreach (var messageId in messageIds)
        {
            await bus.Publish(new CounterIncremented(counterId), context => context.MessageId = messageId);
        }
        // RetryLimit is 2 in tests: five attempts each are more than the schedule for a message that fails on its own allows.
        await Eventually.TrueAsync(() => Task.FromResult(messageIds.All(id => attempts.For(id) >= 5)),
            "every message has failed more often than the retry limit allows", TimeSpan.FromSeconds(60));
        proxy.Restore();

        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<int>(database,
            "SELECT value FROM test_counters WHERE id = @counterId", new { counterId }) == messageIds.Count,
            "every message is handled once the database is back", TimeSpan.FromSeconds(60));
        var queue = host.Services.GetRequiredService<IEndpointNameFormatter>().Consumer<AttemptCountingCounterConsumer>();
        Assert.Equal(0, await virtualHost.Management.QueueDepthAsync(virtualHost.Name, $"{queue}_error") ?? 0);
        Assert.Equal(0, host.Services.GetRequiredService<DeadLetters>().Total);
    }

    [Fact]
    public async Task A_message_that_fails_on_its_own_is_parked_and_the_service_reports_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var host = await MessagingTestHost.StartAsync(database, virtualHost,
            consumers: bus => bus.AddConsumer<PoisonPillConsumer>(), overrides: QuickChecks);
        using var client = new HttpClient { BaseAddress = new Uri(host.Urls.First()) };

        await host.Services.GetRequiredService<IBus>().Publish(new PoisonPill(Guid.NewGuid(), "fails on its own"));

        JsonElement health = default;
        await Eventually.TrueAsync(async () =>
        {
            health = await client.GetFromJsonAsync<JsonElement>("/health/ready");
            return health.TryGetProperty("counts", out var counts) && counts.TryGetProperty("dead-letters", out var parked)
                   && parked.TryGetProperty("test-poison-pill_error", out var count) && count.GetInt64() == 1;
        }, "the parked message is counted on the health endpoint");
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("dead-letters").GetString());
        Assert.Equal(1, host.Services.GetRequiredService<DeadLetters>().Total);
    }
}
