using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yisp.Data;
using Yisp.ServiceDefaults;

namespace Yisp.Messaging.Outbox;

/// <summary>Deletes sent outbox rows and old inbox receipts once their retention has passed. Safe on every replica.</summary>
public sealed partial class OutboxCleanup(
    Database database, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxCleanup> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.CleanupInterval;

    protected override Task RunAsync(CancellationToken cancellationToken) => CleanUpAsync(cancellationToken);

    public async Task<int> CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var sent = await connection.ExecuteAsync(new CommandDefinition(
            OutboxSql.DeleteSentBefore,
            new { cutoff = now - options.Value.SentRetention }, cancellationToken: cancellationToken));
        var receipts = await connection.ExecuteAsync(new CommandDefinition(
            Inbox.InboxSql.DeleteReceiptsBefore,
            new { cutoff = now - options.Value.InboxRetention }, cancellationToken: cancellationToken));
        if (sent + receipts > 0)
        {
            LogCleaned(sent, receipts);
        }
        return sent + receipts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Sent} sent outbox rows and {Receipts} inbox receipts past retention")]
    private partial void LogCleaned(int sent, int receipts);
}
