using Yisp.Adapters.Delivery.Data;

namespace Yisp.Adapters.Delivery.Api;

/// <summary>One delivery in the log; the body is left out (fetch-only data stays in the adapter's database).</summary>
public sealed record DeliveryView(
    Guid WebhookId, string Agency, string Kind, string OrderingKey, string Status, int Attempts, DateTimeOffset NextAttemptAt,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt)
{
    public static DeliveryView From(DeliveryRow row) => new(row.WebhookId, row.Agency, row.Kind, row.OrderingKey, row.Status, row.Attempts,
        row.NextAttemptAt, row.LastError, row.CreatedAt, row.DeliveredAt);
}

public sealed record DeliveryLogPage(IReadOnlyList<DeliveryView> Items, int Page, int PageSize);

/// <summary>Query string of the delivery log, as text so a bad value is a 400 naming it.</summary>
public sealed record DeliveryLogQuery(string? Status, string? Page, string? PageSize);

/// <summary>Replays every finished delivery created from <c>from</c> (inclusive) to <c>to</c> (exclusive).</summary>
public sealed record ReplayPeriodRequest(string? From, string? To);

public sealed record ReplayPeriodResult(int Requeued);
