using System.Data.Common;
using Dapper;
using Yisp.Data;

namespace Yisp.Adapters.Delivery.Data;

/// <summary>Deliveries in the adapter's own database: the only place their SQL runs.</summary>
public sealed class DeliveryStore(Database database, TimeProvider time)
{
    /// <summary>Inserts a pending delivery in the caller's transaction; false when its webhook id was already queued.</summary>
    public async Task<bool> InsertAsync(NewDelivery delivery, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(DeliverySql.Enqueue(database.Dialect), new
        {
            delivery.WebhookId,
            delivery.Agency,
            delivery.Kind,
            delivery.OrderingKey,
            delivery.ContentType,
            delivery.Body,
            now = time.GetUtcNow(),
        }, transaction, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries, each the first pending one of its ordering key, for one attempt
    /// each. Each claim commits at once, so replicas claiming together see each other's claims and share the work.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var heads = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(DeliverySql.DueHeads, new { now, limit }, cancellationToken: cancellationToken));
        var claimed = new List<ClaimedDelivery>();
        foreach (var row in heads)
        {
            var token = Guid.NewGuid();
            var won = await connection.ExecuteAsync(new CommandDefinition(DeliverySql.Claim,
                new { row.WebhookId, claimToken = token, claimedUntil = now + lease, now }, cancellationToken: cancellationToken));
            if (won == 1)
            {
                claimed.Add(new ClaimedDelivery(row, token));
            }
        }
        return claimed;
    }

    /// <summary>Records these deliveries as delivered, in one transaction; for each, false when its claim was no longer its own.</summary>
    public async Task<IReadOnlyList<bool>> MarkDeliveredAsync(IReadOnlyList<ClaimedDelivery> deliveries)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        var now = time.GetUtcNow();
        var marked = new List<bool>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            marked.Add(await connection.ExecuteAsync(DeliverySql.MarkDelivered, new { delivery.Row.WebhookId, delivery.ClaimToken, now }, transaction) == 1);
        }
        await transaction.CommitAsync();
        return marked;
    }

    public Task<bool> ScheduleRetryAsync(ClaimedDelivery delivery, DateTimeOffset nextAttemptAt, string error) =>
        ExecuteOneAsync(DeliverySql.ScheduleRetry, new { delivery.Row.WebhookId, delivery.ClaimToken, nextAttemptAt, lastError = Truncate(error) });

    public Task<bool> DeadLetterAsync(ClaimedDelivery delivery, string error) =>
        ExecuteOneAsync(DeliverySql.DeadLetter, new { delivery.Row.WebhookId, delivery.ClaimToken, lastError = Truncate(error) });

    public Task<bool> ReleaseAsync(ClaimedDelivery delivery) =>
        ExecuteOneAsync(DeliverySql.Release, new { delivery.Row.WebhookId, delivery.ClaimToken });

    /// <summary>
    /// Queues a dead-lettered delivery again; returns it as queued, or null when it is not dead-lettered. Read in the
    /// replay's transaction: a worker cannot take it before the commit, so the answer is never what the worker made of it.
    /// </summary>
    public async Task<DeliveryRow?> ReplayAsync(Guid webhookId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(DeliverySql.ReplayOne, new { webhookId, now = time.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken)) != 1)
        {
            return null;
        }
        var replayed = await connection.QuerySingleAsync<DeliveryRow>(new CommandDefinition(DeliverySql.Find, new { webhookId }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return replayed;
    }

    /// <summary>Queues again every finished delivery created in [from, to); returns how many.</summary>
    public async Task<int> ReplayPeriodAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(DeliverySql.ReplayPeriod, new { from, to, now = time.GetUtcNow() },
            cancellationToken: cancellationToken));
    }

    public async Task<DeliveryRow?> FindAsync(Guid webhookId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(DeliverySql.Find, new { webhookId }, cancellationToken: cancellationToken));
    }

    /// <summary>The delivery log, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> ListAsync(string? status, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(DeliverySql.List, new { status, offset, limit },
            cancellationToken: cancellationToken))).AsList();
    }

    // Outcomes are recorded even while the host stops: the attempt happened, and the row must say so.
    private async Task<bool> ExecuteOneAsync(string sql, object parameters)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteAsync(sql, parameters) == 1;
    }

    private static string Truncate(string error) => error.Length > 2000 ? error[..2000] : error;
}

public sealed record NewDelivery(Guid WebhookId, string Agency, string Kind, string OrderingKey, string ContentType, string Body);

/// <summary>A delivery this worker holds for one attempt; the token makes its outcome count only while the claim is still its own.</summary>
public sealed record ClaimedDelivery(DeliveryRow Row, Guid ClaimToken);
