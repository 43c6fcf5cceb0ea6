namespace Yisp.Messaging.Outbox;

/// <summary>A claimed outbox row, as the relay reads it.</summary>
public sealed class OutboxRow
{
    public Guid Id { get; set; }
    public string MessageType { get; set; } = "";
    public string Payload { get; set; } = "";
    public string? CorrelationId { get; set; }
    public int Attempts { get; set; }
}
