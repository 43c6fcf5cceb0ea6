using Yisp.Adapters.SampleAgency.Translation;

namespace Yisp.Adapters.SampleAgency.Tests;

public sealed class ProgressReportReaderTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly string CaseId = Guid.CreateVersion7().ToString();
    private static readonly string InterventionId = Guid.CreateVersion7().ToString();

    [Fact]
    public void A_report_becomes_progress_on_the_named_intervention_keyed_by_the_agencys_own_id()
    {
        var result = ProgressReportReader.Read(new ProgressReportMessage("R-1", CaseId, InterventionId, "A. Worker", "2026-12-01", "Met the family."), Today);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("progress-report:R-1", result.Value.Key);
        Assert.Equal((Guid.Parse(InterventionId), "A. Worker"), (result.Value.Value.InterventionId, result.Value.Value.RecordedBy));
        Assert.EndsWith("(2026-12-01): Met the family.", result.Value.Value.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_field_is_named_by_its_json_path()
    {
        var result = ProgressReportReader.Read(new ProgressReportMessage(null, "case", InterventionId, "", "2027-01-01", " "), Today);

        Assert.False(result.Succeeded);
        Assert.Equal(["caseId", "id", "reportedBy", "reportedOn", "summary"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}
