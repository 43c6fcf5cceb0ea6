using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Yisp.Testing;

namespace Yisp.EndToEnd.Tests;

/// <summary>
/// Retention through the running platform: a closed case under legal hold is kept, and once the hold is released its child's
/// identity and free text go everywhere, while a second child's (case still open) stay, reporting's figures do not move and every
/// trail verifies.
/// </summary>
public sealed class ErasureTests
{
    /// <summary>Every closed case is due at once, and the job looks every second.</summary>
    private static readonly Dictionary<string, string?> ImmediateRetention = new()
    {
        ["Referral__Retention__CaseYearsAfterClosure"] = "0",
        ["Referral__Retention__CaseUntilAge"] = "0",
        ["Referral__Retention__ReferralYearsAfterClosure"] = "0",
        ["Referral__Retention__ErasureInterval"] = "00:00:01",
    };

    private static readonly string[] Trails = ["api/referrals", "api/consent", "api/interventions", "api/reports", "api/gateway"];

    [Fact]
    public async Task Releasing_a_hold_erases_one_childs_identity_and_free_text_everywhere_and_leaves_figures_trails_and_another_child_alone()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var virtualHost = await TestVirtualHost.CreateAsync();
        await using var platform = await PlatformProcesses.StartAsync(database, virtualHost, extraReferralSettings: ImmediateRetention);
        using var coordinator = await platform.GatewayClientAsync(TestIdentity.Coordinator);
        using var dpo = await platform.GatewayClientAsync(TestIdentity.DataProtectionOfficer);
        using var auditor = await platform.GatewayClientAsync(TestIdentity.Auditor);
        var nhsNumber = ReferralPayloads.NhsNumber(6161);
        var (referralId, caseId) = await CaseSteps.SupportedChildAsync(coordinator, "Ember", "Erasedchild", nhsNumber);
        var (otherReferral, otherCase) = await CaseSteps.SupportedChildAsync(coordinator, "Kit", "Keptchild", ReferralPayloads.NhsNumber(6262));
        var hold = await coordinator.PutAsJsonAsync($"api/referrals/cases/{caseId}/legal-hold", new { reason = "Disclosure requested by the court." });
        Assert.True(hold.IsSuccessStatusCode, await hold.Content.ReadAsStringAsync());
        await CaseSteps.CloseAsync(coordinator, caseId, "goals-achieved", "Support ended well for Ember.");
        await Eventually.TrueAsync(async () => (await ReferralAsync(coordinator, referralId)).GetProperty("status").GetString() == "closed",
            "the referral closes with its case");
        // A witness referred after the held case closed (ineligible, so closed at once and due at once): once the job has erased
        // it, a run has passed over the held case.
        var witness = await coordinator.PostAsJsonAsync("api/referrals", ReferralPayloads.Valid(givenName: "Wren", nhsNumber: ReferralPayloads.NhsNumber(6363)));
        var witnessId = (await witness.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await ReferralAsync(coordinator, witnessId)).GetProperty("erasedAt").ValueKind != JsonValueKind.Null,
            "the job erases the witness");
        var figures = await SettledFiguresAsync(coordinator, platform);

        Assert.Equal("Ember", (await ReferralAsync(coordinator, referralId)).GetProperty("child").GetProperty("givenName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync($"api/referrals/cases/{caseId}/legal-hold")).StatusCode);
        await Eventually.TrueAsync(async () => (await ReferralAsync(coordinator, referralId)).GetProperty("erasedAt").ValueKind != JsonValueKind.Null,
            "the referral is erased once the hold is released");
        await Eventually.TrueAsync(async () => !(await PackageAsync(dpo, new { caseId })).Contains("Support ended well", StringComparison.Ordinal),
            "the other services delete the case's free text");

        // No API reads the identity: not the referral, not its correction history, not a subject access request by any name.
        var erased = await ReferralAsync(coordinator, referralId);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (erased.GetProperty("child").ValueKind, erased.GetProperty("reasons").ValueKind));
        Assert.Equal(("closed", caseId), (erased.GetProperty("status").GetString(), erased.GetProperty("caseId").GetGuid())); // ids, codes and dates stay
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"api/referrals/{referralId}/identity-corrections")).StatusCode);
        var byNhsNumber = JsonDocument.Parse(await PackageAsync(dpo, new { nhsNumber })).RootElement;
        Assert.Equal(0, byNhsNumber.GetProperty("caseIds").GetArrayLength()); // the match keys went with the identity
        var byCase = await PackageAsync(dpo, new { caseId });
        foreach (var identifying in new[] { "Ember", "Erasedchild", nhsNumber })
        {
            Assert.DoesNotContain(identifying, byCase, StringComparison.Ordinal);
        }

        // Nor does the database: the data key is gone, the sealed identity and the match keys with it.
        await using (var referralDb = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(referralDb,
                "SELECT COUNT(*) FROM referral_keys WHERE referral_id = @referralId", new { referralId }));
            Assert.Equal("", await Dapper.SqlMapper.ExecuteScalarAsync<string>(referralDb,
                "SELECT sealed_identity FROM referrals WHERE id = @referralId", new { referralId }));
            Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(referralDb,
                "SELECT (SELECT COUNT(*) FROM case_match_keys WHERE case_id = @caseId) + (SELECT COUNT(*) FROM closed_case_keys WHERE case_id = @caseId)",
                new { caseId }));
        }

        // The second child keeps everything; the figures have not moved; every trail still verifies.
        Assert.Equal("Kit", (await ReferralAsync(coordinator, otherReferral)).GetProperty("child").GetProperty("givenName").GetString());
        Assert.Contains("Keptchild", await PackageAsync(dpo, new { caseId = otherCase }), StringComparison.Ordinal); // still open: nothing due
        Assert.Equal(figures, await FiguresAsync(coordinator));
        foreach (var trail in Trails)
        {
            var verified = await auditor.GetFromJsonAsync<JsonElement>($"{trail}/audit/verify");
            Assert.True(verified.GetProperty("intact").GetBoolean(), $"{trail}: {verified}");
        }
    }

    private static async Task<JsonElement> ReferralAsync(HttpClient coordinator, Guid id) =>
        await coordinator.GetFromJsonAsync<JsonElement>($"api/referrals/{id}");

    private static async Task<string> PackageAsync(HttpClient dpo, object query)
    {
        using var answer = await dpo.PostAsJsonAsync("api/subject-access", query);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    /// <summary>The figures once reporting has heard the first case close, its consent end and the witness's referral close.</summary>
    private static async Task<string> SettledFiguresAsync(HttpClient coordinator, PlatformProcesses platform)
    {
        await using var reporting = new Npgsql.NpgsqlConnection(platform.ReportingDatabase.ConnectionString);
        await Eventually.TrueAsync(async () => await Dapper.SqlMapper.ExecuteScalarAsync<long>(reporting,
            "SELECT COUNT(*) FROM rm_cases WHERE outcome = 'goals-achieved'") == 1, "reporting hears the case close");
        // Consent ends with the case a hop later (consent hears the case closed, then withdraws what it shared).
        await Eventually.TrueAsync(async () => await Dapper.SqlMapper.ExecuteScalarAsync<long>(reporting,
            "SELECT COUNT(*) FROM rm_cases WHERE consent_withdrawn_at IS NOT NULL") == 1, "reporting hears the closed case's consent end");
        await Eventually.TrueAsync(async () => await Dapper.SqlMapper.ExecuteScalarAsync<long>(reporting,
            "SELECT COUNT(*) FROM rm_referrals WHERE closed_at IS NOT NULL AND screening_outcome IS NOT NULL") == 2, "reporting hears both referrals close");
        return await FiguresAsync(coordinator);
    }

    private static async Task<string> FiguresAsync(HttpClient coordinator)
    {
        var answer = await coordinator.GetFromJsonAsync<JsonElement>(
            $"api/reports/figures?from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}");
        return answer.GetProperty("figures").ToString();
    }
}
