using Yisp.Data;

namespace Yisp.Sample.Data;

public sealed class ItemRow : IVersionedRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string Title { get; set; } = "";
    public string? Notes { get; set; }
    public string Status { get; set; } = "";
    public string? CloseReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}
