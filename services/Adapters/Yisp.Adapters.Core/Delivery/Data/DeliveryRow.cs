namespace Yisp.Adapters.Delivery.Data;

/// <summary>One delivery: the queue entry while pending, the log entry afterwards.</summary>
public sealed class DeliveryRow
{
    public Guid WebhookId { get; set; }
    public long Sequence { get; set; }
    public string Agency { get; set; } = "";
    public string Kind { get; set; } = "";
    public string OrderingKey { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string Body { get; set; } = "";
    public string Status { get; set; } = "";
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
