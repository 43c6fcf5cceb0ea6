using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.Reporting.Tests;

public sealed class FiguresApiTests
{
    [Fact]
    public async Task The_panel_gets_every_figure_with_its_definition_and_small_counts_shown_as_c()
    {
        await using var context = await ReportingTestContext.StartAsync();
        await context.PublishAsync([.. Enumerable.Range(0, 7).SelectMany(_ => Journey.Supported(Guid.NewGuid())), .. Journey.Ineligible()]);

        var set = await context.Client.GetFromJsonAsync<JsonElement>("/api/reports/figures?period=2026-11");
        var figures = set.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        var byAgency = figures["referrals-by-agency"].GetProperty("table");
        var csv = await context.Client.GetAsync("/api/reports/figures/referrals-by-agency.csv?period=2026-11");
        var csvText = await csv.Content.ReadAsStringAsync();

        Assert.All(figures.Values, f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("definition").GetString())));
        Assert.Equal(["education", "police"], byAgency.GetProperty("rowLabels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("c", byAgency.GetProperty("cells")[0][0].GetString()); // one referral from education
        Assert.Equal(7, figures["consent"].GetProperty("table").GetProperty("cells")[1][0].GetDecimal()); // given: not small, shown
        Assert.Equal(10, byAgency.GetProperty("columnTotals")[0].GetDecimal()); // 8, rounded to the nearest 5
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("education,c", csvText, StringComparison.Ordinal);
        Assert.DoesNotContain("education,1", csvText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_queries_are_400s_naming_the_field_and_agency_systems_are_refused()
    {
        await using var context = await ReportingTestContext.StartAsync();
        var police = await context.ClientAsAsync(TestIdentity.AgencyClient("police"));

        var bad = await context.Client.GetAsync("/api/reports/figures?period=2026-13&districts=not%20a%20district&sex=x&from=yesterday");
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        var refused = await police.GetAsync("/api/reports/figures?period=2026-11");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        foreach (var field in new[] { "period", "districts", "sex" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} is named in {problem}");
        }
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
