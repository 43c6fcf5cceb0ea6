using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yisp.Data;

namespace Yisp.Messaging.Outbox;

/// <summary>
/// Moves committed outbox rows to the broker. Takes the relays' turn (one relay of the database at a time, lanes and
/// replicas alike), claims a batch in the order the rows were written, publishes it with confirms, marks what went out
/// as sent, and retries the rest with back-off. A row is never marked sent unless the broker confirmed it; a later
/// batch never reaches the broker before an earlier one.
/// </summary>
public sealed partial class OutboxRelay(
    Database database,
    OutboxPublisher publisher,
    WarmRoutes routes,
    Feeds.AgencyFeedTopology feeds,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    MessagingMetrics metrics,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>
    /// Runs <see cref="OutboxOptions.Lanes"/> relay loops. Lanes take turns: one waits for the turn while another relays,
    /// and takes the next batch the moment it commits.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Lanes).Select(_ => RunLaneAsync(stoppingToken)));

    private async Task RunLaneAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var outageDelay = settings.RetryBaseDelay / 4;
        while (!stoppingToken.IsCancellationRequested)
        {
            RelayResult result;
            try
            {
                result = await RelayBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRelayFailed(ex);
                result = RelayResult.Failure;
            }

            if (result.Unavailable)
            {
                await Task.Delay(outageDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                outageDelay = TimeSpan.FromTicks(Math.Min(outageDelay.Ticks * 2, settings.OutageMaxDelay.Ticks));
                continue;
            }
            outageDelay = settings.RetryBaseDelay / 4;
            if (result.Claimed < settings.BatchSize)
            {
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            else
            {
                signal.Notify(); // more is waiting: wake an idle lane to share it
            }
        }
    }

    /// <summary>Relays one batch. Public so benchmarks and tests can drive a relay step by step.</summary>
    public async Task<RelayResult> RelayBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await feeds.EnsureDeclaredAsync(cancellationToken))
        {
            return new RelayResult(0, 0, true);
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(OutboxSql.TakeTurn(database.Dialect), transaction: transaction, cancellationToken: cancellationToken));
        var claimed = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(OutboxSql.ClaimBatch(database.Dialect),
            new { batchSize = settings.BatchSize, now = time.GetUtcNow() }, transaction, cancellationToken: cancellationToken))).AsList();
        if (claimed.Count == 0)
        {
            return new RelayResult(0, 0, false);
        }

        using var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        publishTimeout.CancelAfter(settings.PublishTimeout);
        var outcomes = await PublishInOrderAsync(claimed, publishTimeout.Token);

        var sent = outcomes.Where(o => o.Published).Select(o => o.Row.Id).ToArray();
        var brokerReachable = sent.Length > 0;
        if (sent.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(OutboxSql.MarkSent(database.Dialect),
                new { ids = database.Dialect.IdList(sent), sentAt = time.GetUtcNow() }, transaction, cancellationToken: CancellationToken.None));
        }
        foreach (var failure in outcomes.Where(o => o.CountsAgainstRow(brokerReachable)))
        {
            await RecordFailureAsync(connection, transaction, failure);
        }
        await transaction.CommitAsync(CancellationToken.None);

        metrics.Published.Add(sent.Length);
        var unavailable = !brokerReachable && outcomes.Any(o => !o.Published && !o.IsMessageFault);
        if (unavailable)
        {
            metrics.Outages.Add(1);
            LogBrokerUnreachable(claimed.Count, outcomes.First(o => o.Error is not null).Error!.GetType().Name);
        }
        return new RelayResult(claimed.Count, sent.Length, unavailable);
    }

    /// <summary>
    /// Publishes started together reach the broker in the order they started once their type's way to the broker is made;
    /// the first publishes of a type (in a new process, after a reconnect) wait together for it and resume in any order (a
    /// first batch of 300 notices arrived shuffled). So a row whose type's way is not made goes alone, after the rows
    /// before it; the others go together, for one wait on the broker's confirms instead of one each. When a row that went
    /// alone fails at the broker, the rows after it wait for the next batch. (A batch cut short by the broker while its
    /// rows are in flight can still arrive out of order: MassTransit retries each send on its own.)
    /// </summary>
    private async Task<PublishOutcome[]> PublishInOrderAsync(List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var started = new List<Task<PublishOutcome>>(rows.Count);
        foreach (var row in rows)
        {
            if (routes.IsMade(row.MessageType))
            {
                started.Add(publisher.PublishAsync(row, cancellationToken));
                continue;
            }
            await Task.WhenAll(started);
            var generation = routes.Generation;
            var alone = await publisher.PublishAsync(row, cancellationToken);
            started.Add(Task.FromResult(alone));
            if (alone.Published)
            {
                routes.Made(row.MessageType, generation);
            }
            else if (!alone.IsMessageFault)
            {
                started.AddRange(rows.Skip(started.Count).Select(rest => Task.FromResult(PublishOutcome.NotAttempted(rest))));
                break;
            }
        }
        var outcomes = await Task.WhenAll(started);
        if (outcomes.Any(o => !o.Published && !o.IsMessageFault))
        {
            routes.Forget();
        }
        return outcomes;
    }

    private async Task RecordFailureAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, PublishOutcome failure)
    {
        var settings = options.Value;
        var attempts = failure.Row.Attempts + 1;
        var now = time.GetUtcNow();
        var parked = attempts >= settings.MaxAttempts;
        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
        var error = $"{failure.Error?.GetType().Name}: {failure.Error?.Message}";
        await connection.ExecuteAsync(new CommandDefinition(OutboxSql.RecordFailure, new
        {
            id = failure.Row.Id,
            attempts,
            nextAttemptAt = now + delay,
            parkedAt = parked ? now : (DateTimeOffset?)null,
            lastError = error.Length > 2000 ? error[..2000] : error,
        }, transaction));

        if (parked)
        {
            metrics.Parked.Add(1);
            LogParked(failure.Row.Id, failure.Row.MessageType, attempts);
        }
        else
        {
            metrics.Failed.Add(1);
            LogRetrying(failure.Row.Id, failure.Row.MessageType, attempts, delay);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not complete a batch; it will retry")]
    private partial void LogRelayFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker unreachable: {Count} outbox messages stay queued ({ErrorType})")]
    private partial void LogBrokerUnreachable(int count, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({MessageType}) failed attempt {Attempts}; retrying in {Delay}")]
    private partial void LogRetrying(Guid messageId, string messageType, int attempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} ({MessageType}) parked after {Attempts} failed attempts: needs an operator")]
    private partial void LogParked(Guid messageId, string messageType, int attempts);
}

public sealed record RelayResult(int Claimed, int Sent, bool Unavailable)
{
    public static readonly RelayResult Failure = new(0, 0, true);
}
