using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class ReferralChangesTests
{
    private static readonly string[] FourRisks = ["family-conflict", "exclusion", "persistent-absence", "substance-misuse"];

    [Fact]
    public async Task An_agency_lists_the_referrals_it_made_from_a_cursor_and_then_hears_only_what_changed_since()
    {
        await using var context = await ReferralTestContext.StartAsync();
        using var police = await context.ClientAsAsync(TestIdentity.AgencyClient("police"));
        using var education = await context.ClientAsAsync(TestIdentity.AgencyClient("education"));
        var (created, first) = await context.CreateAsync(ReferralPayloads.Valid(agency: "police", givenName: "First", riskFactors: FourRisks));
        var second = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", givenName: "Second", nhsNumber: ReferralPayloads.NhsNumber(21), riskFactors: FourRisks));
        await context.CreatedAsync(ReferralPayloads.Valid(agency: "education", givenName: "Other", nhsNumber: ReferralPayloads.NhsNumber(22), riskFactors: FourRisks));

        var everything = await ListUntilAsync(police, null, 2);
        var quiet = await police.GetFromJsonAsync<JsonElement>($"/api/referrals/made?after={everything.Next}");
        await context.ChangeAsync(first.Id(), "withdraw", new { reason = "Family moved away." }, created.ETag());
        var changed = await ListUntilAsync(police, everything.Next, 1);
        var bad = await police.GetAsync("/api/referrals/made?after=not-a-cursor&limit=0");

        Assert.Equal([first.Id(), second.Id()], everything.Ids);
        Assert.Equal(0, quiet.GetProperty("items").GetArrayLength());
        Assert.Equal([first.Id()], changed.Ids);
        Assert.Equal("closed", changed.Items[0].GetProperty("status").GetString());
        Assert.Equal(0, (await education.GetFromJsonAsync<JsonElement>("/api/referrals/made")).GetProperty("items").EnumerateArray()
            .Count(i => i.GetProperty("id").GetGuid() == first.Id() || i.GetProperty("id").GetGuid() == second.Id()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("after", out _) && errors.TryGetProperty("limit", out _));
    }

    /// <summary>Lists from the cursor until that many have settled (changes of the last seconds come on a later call).</summary>
    private static async Task<(List<Guid> Ids, List<JsonElement> Items, string Next)> ListUntilAsync(HttpClient agency, string? after, int count)
    {
        JsonElement page = default;
        await Eventually.TrueAsync(async () =>
        {
            page = await agency.GetFromJsonAsync<JsonElement>("/api/referrals/made" + (after is null ? "" : $"?after={after}"));
            return page.GetProperty("items").GetArrayLength() >= count;
        }, $"{count} changes are listed");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        return ([.. items.Select(i => i.GetProperty("id").GetGuid())], items, page.GetProperty("next").GetString()!);
    }
}
