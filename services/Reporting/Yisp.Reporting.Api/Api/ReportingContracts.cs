namespace Yisp.Reporting.Api;

/// <summary>The body of POST /api/reporting/items. Every property is optional here so validation can name each missing one.</summary>
public sealed record CreateItemRequest(Guid? CaseId, string? Title, string? Notes);

public sealed record CloseItemRequest(string? Reason);

public sealed record ItemView(Guid Id, Guid CaseId, string Title, string? Notes, string Status, string? CloseReason, DateTimeOffset CreatedAt, int Version);
