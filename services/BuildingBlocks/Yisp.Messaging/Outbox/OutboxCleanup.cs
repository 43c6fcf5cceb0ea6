using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yisp.Data;

namespace Yisp.Messaging.Outbox;

/// <summary>Deletes sent outbox rows and old inbox receipts once their retention has passed. Safe on every replica.</summary>
public sealed partial class OutboxCleanup(
    Database database, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        try
        {
            do
            {
                try
                {
                    await CleanUpAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogCleanupFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<int> CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var sent = await connection.ExecuteAsync(new CommandDefinition(
            OutboxSql.DeleteSentBefore,
            new { cutoff = now - options.Value.SentRetention }, cancellationToken: cancellationToken));
        var receipts = await connection.ExecuteAsync(new CommandDefinition(
            OutboxSql.DeleteReceiptsBefore,
            new { cutoff = now - options.Value.InboxRetention }, cancellationToken: cancellationToken));
        if (sent + receipts > 0)
        {
            LogCleaned(sent, receipts);
        }
        return sent + receipts;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Sent} sent outbox rows and {Receipts} inbox receipts past retention")]
    private partial void LogCleaned(int sent, int receipts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox cleanup failed; it will run again")]
    private partial void LogCleanupFailed(Exception exception);
}
