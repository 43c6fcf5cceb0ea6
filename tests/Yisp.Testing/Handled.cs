using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;

namespace Yisp.Testing;

/// <summary>
/// Evidence that a consumer has handled a message, so that a test can then assert what did <em>not</em> happen
/// without sleeping: a fixed pause passes whenever the handler is merely slow.
/// </summary>
public static class Handled
{
    /// <summary>Waits until the message's inbox receipt exists: its consumer committed whatever it was going to do.</summary>
    public static Task ReceiptAsync(TestDatabase database, Guid messageId) =>
        Eventually.TrueAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_messages WHERE message_id = @messageId", new { messageId }) > 0;
        }, $"message {messageId} has been handled (its inbox receipt exists)");
}

/// <summary>
/// Counts the redeliveries the inbox recognised and skipped (the yisp.inbox.duplicates counter), per consumer:
/// a duplicate leaves no row behind, so this is how a test knows it was seen. Start it before publishing.
/// </summary>
public sealed class DuplicateWatch : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> byConsumer = new(StringComparer.Ordinal);

    public DuplicateWatch()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "yisp.inbox.duplicates")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "consumer" && tag.Value is string consumer)
                {
                    byConsumer.AddOrUpdate(consumer, value, (_, total) => total + value);
                }
            }
        });
        listener.Start();
    }

    /// <summary>Waits until <typeparamref name="TConsumer"/> has skipped at least <paramref name="count"/> redeliveries.</summary>
    public Task SkippedAsync<TConsumer>(int count = 1) => SkippedAsync(typeof(TConsumer).FullName!, count);

    /// <summary>The same, for a consumer that names itself in the inbox (it overrides ConsumerName).</summary>
    public Task SkippedAsync(string consumerName, int count = 1) =>
        Eventually.TrueAsync(() => byConsumer.GetValueOrDefault(consumerName) >= count, $"{consumerName} has skipped {count} redelivered message(s)");

    public void Dispose() => listener.Dispose();
}
