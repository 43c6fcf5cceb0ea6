using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yisp.Adapters.Delivery.Data;
using Yisp.ServiceDefaults.Batching;

namespace Yisp.Adapters.Delivery;

/// <summary>
/// Delivers queued notifications: the first pending delivery of up to MaxParallelKeys cases at once, each claimed with a
/// lease so no two workers (of any replica) attempt it together. All state is in the database, so a restarted worker
/// resumes where the last one stopped; a delivery whose worker died mid-attempt is attempted again once its lease lapses,
/// and the receiver drops the repeat by its webhook-id.
/// </summary>
public sealed partial class DeliveryWorker(
    DeliveryStore store,
    WebhookSender sender,
    DeliverySignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    DeliveryMetrics metrics,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Successes recorded together: attempts that end while one batch commits share the next commit.</summary>
    private readonly GroupCommit<ClaimedDelivery, bool> delivered = new(maxBatch: 256);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.WorkerEnabled)
        {
            return;
        }
        using var recorderStop = new CancellationTokenSource(); // stopped after the last attempt: outcomes are recorded even while the host stops
        var recorder = delivered.RunAsync(store.MarkDeliveredAsync, (ex, count) => true, recorderStop.Token);
        try
        {
            await DeliverUntilStoppedAsync(settings, stoppingToken);
        }
        finally
        {
            await recorderStop.CancelAsync();
            await recorder;
        }
    }

    private async Task DeliverUntilStoppedAsync(WebhookOptions settings, CancellationToken stoppingToken)
    {
        var schedule = new RetrySchedule(settings.MinBackoff, settings.MaxBackoff, settings.RetryFor);
        var inFlight = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(task => task.IsCompleted);
            var free = settings.MaxParallelKeys - inFlight.Count;
            if (free > 0)
            {
                foreach (var delivery in await ClaimAsync(free, settings.Lease, stoppingToken))
                {
                    inFlight.Add(AttemptAsync(delivery, schedule, stoppingToken));
                }
            }
            await signal.WaitAsync(settings.PollInterval, stoppingToken);
        }
        await Task.WhenAll(inFlight);
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, TimeSpan lease, CancellationToken stoppingToken)
    {
        try
        {
            return await store.ClaimDueAsync(limit, lease, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return [];
        }
        catch (Exception ex)
        {
            LogClaimFailed(ex);
            return [];
        }
    }

    private async Task AttemptAsync(ClaimedDelivery delivery, RetrySchedule schedule, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await sender.SendAsync(delivery.Row, stoppingToken);
            await RecordAsync(delivery, outcome, schedule, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseQuietlyAsync(delivery);
        }
        catch (Exception ex)
        {
            // Most likely the database: the claim lapses and the delivery is attempted again.
            LogAttemptFailed(delivery.Row.WebhookId, ex);
        }
        finally
        {
            signal.Notify(); // a slot is free, and the case's next delivery may now be due
        }
    }

    private async Task RecordAsync(ClaimedDelivery delivery, AttemptOutcome outcome, RetrySchedule schedule, CancellationToken stoppingToken)
    {
        var row = delivery.Row;
        switch (outcome.Result)
        {
            case AttemptResult.Delivered:
                if (await delivered.WriteAsync(delivery, RecordTimeout, CancellationToken.None))
                {
                    metrics.Delivered(row.Agency);
                }
                return;
            case AttemptResult.Reject:
                await DeadLetterAsync(delivery, $"Refused: {outcome.Error}");
                return;
        }

        var now = time.GetUtcNow();
        if (schedule.Next(row.Attempts + 1, row.QueuedAt, now, outcome.RetryAfter) is not { } next)
        {
            await DeadLetterAsync(delivery, $"Retried for {options.Value.RetryFor}; last: {outcome.Error}");
            return;
        }
        if (await store.ScheduleRetryAsync(delivery, next, outcome.Error ?? "failed"))
        {
            metrics.Retried(row.Agency);
            LogRetrying(row.WebhookId, row.Attempts + 1, outcome.Error, next);
            _ = WakeAtAsync(next - now, stoppingToken);
        }
    }

    private async Task DeadLetterAsync(ClaimedDelivery delivery, string error)
    {
        if (await store.DeadLetterAsync(delivery, error))
        {
            metrics.DeadLettered(delivery.Row.Agency);
            LogDeadLettered(delivery.Row.WebhookId, delivery.Row.Attempts + 1, error);
        }
    }

    private async Task WakeAtAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        signal.Notify();
    }

    private async Task ReleaseQuietlyAsync(ClaimedDelivery delivery)
    {
        try
        {
            await store.ReleaseAsync(delivery);
        }
        catch (Exception ex)
        {
            LogAttemptFailed(delivery.Row.WebhookId, ex); // the lease lapses instead
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim webhook deliveries; polling again")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: attempt not recorded; it is attempted again when its lease lapses")]
    private partial void LogAttemptFailed(Guid webhookId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: attempt {Attempts} failed ({Error}); next at {NextAttemptAt:o}")]
    private partial void LogRetrying(Guid webhookId, int attempts, string? error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {WebhookId} dead-lettered after {Attempts} attempts: {Error}")]
    private partial void LogDeadLettered(Guid webhookId, int attempts, string error);
}
