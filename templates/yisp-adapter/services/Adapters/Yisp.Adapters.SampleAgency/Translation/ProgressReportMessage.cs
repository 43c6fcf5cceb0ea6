namespace Yisp.Adapters.SampleAgency.Translation;

/// <summary>
/// What the sample-agency system sends, as JSON (camelCase): replace with the agency's own format. Every field is read as
/// text and checked by <see cref="ProgressReportReader"/>, so a wrong value is named by its JSON path.
/// </summary>
/// <param name="Id">The agency system's own id for the report: sending it again records nothing twice.</param>
/// <param name="CaseId">The platform's ids, from the notification the agency's system received.</param>
/// <param name="ReportedOn">yyyy-MM-dd, not in the future.</param>
public sealed record ProgressReportMessage(string? Id, string? CaseId, string? InterventionId, string? ReportedBy, string? ReportedOn, string? Summary);
