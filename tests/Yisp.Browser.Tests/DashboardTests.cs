using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Yisp.Browser.Tests;

/// <summary>The reports dashboard in a real browser (Debian's headless Chromium), signed in through the gateway.</summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_panel_member_signs_in_and_sees_the_charts_drawn_from_the_figures_with_small_numbers_shown_as_c()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (scripts/infra.sh install does).");
        await using var platform = await DashboardPlatform.StartAsync();
        var october = new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);
        var november = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var journeys = new List<object>();
        void Add(int count, DateTimeOffset start, string agency, string district, string outcome = "goals-achieved")
        {
            for (var i = 0; i < count; i++)
            {
                journeys.AddRange(Journeys.Supported(start.AddHours(i), agency, district, outcome));
            }
        }
        Add(6, october, "police", "M1");
        Add(6, october, "education", "M2", "partly-achieved");
        Add(7, november, "police", "M1");
        Add(6, november, "education", "M1");
        Add(2, november, "health", "M1", "disengaged"); // 2: published as c
        await Journeys.PublishAsync(platform.VirtualHost, platform.Database, journeys);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // Errors (a CSP violation, a failed script) fail the test; the browser's own favicon.ico guess may 404.
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                problems.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => problems.Add(error);

        await page.GotoAsync(platform.PublicUrl + "/reports");
        await page.WaitForURLAsync("**/connect/authorize?**");
        await page.FillAsync("#username", DashboardPlatform.PanelMember);
        await page.FillAsync("#password", DashboardPlatform.PanelMemberPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("main[data-state=drawn], main[data-state=failed]");
        Assert.True(await page.GetAttributeAsync("main", "data-state") == "drawn", $"{page.Url}: {await page.TextContentAsync("#status")}");
        Assert.Equal(platform.PublicUrl + "/reports", page.Url);

        // The figures of the financial year 2026 (the events' months), re-fetched when the filter changes.
        await page.SelectOptionAsync("#period-kind", "year");
        await page.FillAsync("#period-value", "FY2026");
        await page.ClickAsync("#filters button[type=submit]");
        await page.WaitForSelectorAsync("main[data-state=drawn]:has(#figure-outcomes)", new PageWaitForSelectorOptions { Timeout = 15_000 });
        Assert.Contains("from 2026-04-01 to before 2027-04-01", await page.TextContentAsync("#status"), StringComparison.Ordinal);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");

        string[] expected = ["referrals-by-month", "consent", "timeliness", "outcomes", "score-change"];
        foreach (var id in expected)
        {
            var points = await page.GetAttributeAsync($"#figure-{id}", "data-points");
            Assert.True(int.Parse(points!, System.Globalization.CultureInfo.InvariantCulture) > 0, $"{id} drew no data points");
            Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync($"#figure-{id} p.definition")), $"{id} shows no definition");
        }
        Assert.Equal(expected.Length, await page.EvaluateAsync<int>("Object.keys(Chart.instances).length"));
        // Referrals in November by police: 7, drawn as a bar of 7; health's 2 is suppressed and shown as c.
        Assert.Contains("7", await page.Locator("#figure-referrals-by-month table").First.InnerTextAsync(), StringComparison.Ordinal);
        var suppressed = await page.Locator("td.suppressed").AllInnerTextsAsync();
        Assert.NotEmpty(suppressed);
        Assert.All(suppressed, text => Assert.Equal("c", text));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
