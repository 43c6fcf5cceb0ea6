using Yisp.Adapters.Careers.Translation;

namespace Yisp.Adapters.Tests.Translation;

public sealed class EngagementReportTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly Guid CaseId = Guid.Parse("0193a000-0000-7000-8000-000000000011");
    private static readonly Guid InterventionId = Guid.Parse("0193a000-0000-7000-8000-000000000012");

    [Fact]
    public void A_report_becomes_progress_naming_meetings_and_the_status_code_keyed_by_the_careers_systems_id()
    {
        var result = EngagementReport.Read(new EngagementMessage("CX-2291", CaseId.ToString(), InterventionId.ToString(), "Kim Adviser",
            "2026-11-01", "2026-11-30", 3, "apprenticeship", "Started a bricklaying apprenticeship."), Today);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("engagement:CX-2291", result.Value.Key);
        Assert.Equal("Kim Adviser", result.Value.Value.RecordedBy);
        Assert.Equal("Careers engagement 2026-11-01 to 2026-11-30: 3 meeting(s) held; now on an apprenticeship (apprenticeship).\nStarted a bricklaying apprenticeship.",
            result.Value.Value.Note);
    }

    [Fact]
    public void Every_bad_field_is_named_and_an_unknown_status_code_lists_the_codes()
    {
        var result = EngagementReport.Read(new EngagementMessage("CX-2292", CaseId.ToString(), Guid.Empty.ToString(), null,
            "2026-11-30", "2026-11-01", 101, "unemployed", null), Today);
        var future = EngagementReport.Read(new EngagementMessage("CX-2293", CaseId.ToString(), InterventionId.ToString(), "Kim",
            "2026-11-01", "2027-01-01", 1, "not-known", null), Today);

        Assert.False(result.Succeeded);
        Assert.Equal(["adviser", "eetStatus", "interventionId", "meetingsHeld", "periodEnd"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains("neet-seeking", result.Errors.Single(e => e.Path == "eetStatus").Message, StringComparison.Ordinal);
        Assert.Equal(("periodEnd", "must not be in the future."), (Assert.Single(future.Errors).Path, future.Errors[0].Message));
    }
}
