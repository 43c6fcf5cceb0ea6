using Yisp.Adapters.YouthOffendingTeam.Translation;

namespace Yisp.Adapters.Tests.Translation;

public sealed class YouthJusticeReaderTests
{
    [Theory]
    [InlineData("YC", "out-of-court-disposal")]
    [InlineData("ycc", "out-of-court-disposal")]
    [InlineData("CHG", "charged")]
    [InlineData("YRO", "court-order")]
    [InlineData("DTO", "custody")]
    public void The_systems_outcome_becomes_the_platforms_youth_justice_code(string outcome, string code)
    {
        var caseId = Guid.NewGuid();

        var translation = YouthJusticeReader.Read($$"""{ "caseId": "{{caseId}}", "reference": "YJ-2026-118", "outcome": "{{outcome}}" }""");

        Assert.True(translation.Succeeded);
        Assert.Equal((caseId, "YJ-2026-118", code), (translation.Value.CaseId, translation.Value.Reference, translation.Value.Code));
    }

    [Fact]
    public void Bad_fields_are_each_named_and_unknown_ones_refused()
    {
        var missing = YouthJusticeReader.Read("""{ "caseId": "00000000-0000-0000-0000-000000000000", "outcome": "ARREST" }""");
        var unknown = YouthJusticeReader.Read("""{ "caseId": "7d1f6a52-3f0e-4a53-9c1e-8f4b2a9d0e11", "reference": "R", "outcome": "YC", "offence": "theft" }""");
        var notJson = YouthJusticeReader.Read("{");

        Assert.Equal(["caseId", "outcome", "reference"], missing.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("offence", Assert.Single(unknown.Errors).Path);
        Assert.False(notJson.Succeeded);
    }
}
