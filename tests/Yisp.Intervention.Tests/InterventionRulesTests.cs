using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Intervention.Domain;

namespace Yisp.Intervention.Tests;

public sealed class InterventionRulesTests
{
    [Fact]
    public void An_assessment_totals_its_ratings_and_names_the_highest_need_domains()
    {
        var score = AssessmentRules.Score(new Dictionary<string, int> { ["education"] = 4, ["lifestyle"] = 4, ["neighbourhood"] = 1 });
        Assert.Equal(9, score.Total);
        Assert.Equal(["education", "lifestyle"], score.HighestNeedDomains);
        Assert.Empty(AssessmentRules.Score(new Dictionary<string, int> { ["education"] = 1 }).HighestNeedDomains);
    }

    [Theory]
    [InlineData("planned", "active", true)]
    [InlineData("active", "completed", true)]
    [InlineData("planned", "stopped", true)]
    [InlineData("planned", "completed", false)]
    [InlineData("completed", "active", false)]
    [InlineData("stopped", "active", false)]
    public void Interventions_move_only_forward(string from, string to, bool allowed) => Assert.Equal(allowed, InterventionStatus.CanMove(from, to));

    [Fact]
    public void Withdrawing_sharing_with_one_agency_leaves_the_rest_of_the_scope()
    {
        var row = new CaseRow { ConsentedPurposes = "assessment,intervention,sharing", ConsentedAgencies = "education,police" };

        var (purposes, agencies) = ConsentScope.Without(row, false, ["sharing"], ["education"]);
        var (nothing, none) = ConsentScope.Without(row, true, [], []);

        Assert.Equal(["assessment", "intervention", "sharing"], purposes);
        Assert.Equal(["police"], agencies);
        Assert.Empty(nothing);
        Assert.Empty(none);
    }
}
