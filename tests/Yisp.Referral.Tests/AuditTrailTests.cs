using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

public sealed class AuditTrailTests
{
    private static readonly string Police = TestIdentity.AgencyClient("police");
    private static readonly string Education = TestIdentity.AgencyClient("education");

    private static async Task<JsonElement> VerifyAsync(HttpClient auditor)
    {
        var response = await auditor.GetAsync("/api/referrals/audit/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task ExecuteAsync(ReferralTestContext context, string sql)
    {
        await using var connection = new NpgsqlConnection(context.Database.ConnectionString);
        await connection.ExecuteAsync(sql);
    }

    /// <summary>Four police reads of its own referral and one refused education read, then a trail to query.</summary>
    private static async Task<Guid> TouchAsync(ReferralTestContext context)
    {
        using var police = await context.ClientAsAsync(Police);
        using var education = await context.ClientAsAsync(Education);
        var id = (await (await police.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid())).Content.ReadFromJsonAsync<JsonElement>()).Id();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await police.GetAsync($"/api/referrals/{id}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await education.GetAsync($"/api/referrals/{id}")).StatusCode);
        return id;
    }

    [Fact]
    public async Task Auditors_query_the_trail_and_an_agency_sees_who_touched_what_it_contributed()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var id = await TouchAsync(context);
        using var auditor = await context.ClientAsAsync(TestIdentity.Auditor);
        using var police = await context.ClientAsAsync(Police);

        var trail = await auditor.GetFromJsonAsync<JsonElement>($"/api/referrals/audit?resourceId={id}");
        var records = trail.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(5, records.Count);
        Assert.All(records, r => Assert.Equal("referral", r.Str("resourceType")));
        Assert.Equal(["allowed", "allowed", "allowed", "allowed", "denied"], records.Select(r => r.Str("outcome")));
        var refusal = records[^1];
        Assert.Equal(Education, refusal.Str("clientId"));
        Assert.Equal("education", refusal.Str("agency"));
        Assert.Equal("GET /api/referrals/{id:guid}", refusal.Str("action"));
        Assert.False(string.IsNullOrEmpty(refusal.Str("correlationId")));
        Assert.DoesNotContain("O'Neill", trail.GetRawText()); // who and what, never the child's details

        var denied = await auditor.GetFromJsonAsync<JsonElement>("/api/referrals/audit?outcome=denied");
        Assert.Single(denied.GetProperty("records").EnumerateArray());

        // A search is recorded against every referral it returned, each with the agency that made it.
        Assert.Equal(HttpStatusCode.OK, (await context.Client.GetAsync("/api/referrals?agency=police")).StatusCode);
        var searched = await auditor.GetFromJsonAsync<JsonElement>($"/api/referrals/audit?resourceId={id}&clientId={TestIdentity.Coordinator}");
        var search = Assert.Single(searched.GetProperty("records").EnumerateArray());
        Assert.Equal(("GET /api/referrals/", "police"), (search.Str("action"), search.Str("ownerAgency")));

        var contributed = await police.GetFromJsonAsync<JsonElement>("/api/referrals/audit/contributed");
        Assert.Contains(contributed.GetProperty("records").EnumerateArray(), r => r.Str("agency") == "education" && r.Str("outcome") == "denied");
        using var education = await context.ClientAsAsync(Education);
        var educationsOwn = await education.GetFromJsonAsync<JsonElement>("/api/referrals/audit/contributed");
        Assert.Empty(educationsOwn.GetProperty("records").EnumerateArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync("/api/referrals/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await police.GetAsync("/api/referrals/audit/verify")).StatusCode);
        var badLimit = await auditor.GetAsync("/api/referrals/audit?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Contains("limit", await badLimit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Verification_finds_a_changed_a_removed_and_a_truncated_record()
    {
        await using var context = await ReferralTestContext.StartAsync();
        await TouchAsync(context);
        using var auditor = await context.ClientAsAsync(TestIdentity.Auditor);
        var intact = await VerifyAsync(auditor);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.GetRawText());
        Assert.Equal(5, intact.GetProperty("records").GetInt64());

        await ExecuteAsync(context, "UPDATE audit_log SET agency = 'police', outcome = 'allowed' WHERE sequence = 5");
        var changed = await VerifyAsync(auditor);
        Assert.False(changed.GetProperty("intact").GetBoolean());
        Assert.Contains("record 5 has been changed", changed.GetProperty("problems").GetRawText());

        await ExecuteAsync(context, "UPDATE audit_log SET agency = 'education', outcome = 'denied' WHERE sequence = 5");
        Assert.True((await VerifyAsync(auditor)).GetProperty("intact").GetBoolean());

        await ExecuteAsync(context, "DELETE FROM audit_log WHERE sequence = 3");
        var removed = await VerifyAsync(auditor);
        Assert.Contains("record 3 is missing", removed.GetProperty("problems").GetRawText());

        await using var truncated = await ReferralTestContext.StartAsync();
        await TouchAsync(truncated);
        await ExecuteAsync(truncated, "DELETE FROM audit_log WHERE sequence = 5");
        using var auditor2 = await truncated.ClientAsAsync(TestIdentity.Auditor);
        var cut = await auditor2.GetFromJsonAsync<JsonElement>("/api/referrals/audit/verify");
        Assert.False(cut.GetProperty("intact").GetBoolean());
        Assert.Contains("removed from the end", cut.GetProperty("problems").GetRawText());

        // Winding the head back to the new last record (its sequence and hash are readable) needs the key too.
        await ExecuteAsync(truncated, """
            UPDATE audit_chain_head SET last_sequence = 4, last_hash = (SELECT hash FROM audit_log WHERE sequence = 4) WHERE id = 1
            """);
        var rewound = await auditor2.GetFromJsonAsync<JsonElement>("/api/referrals/audit/verify");
        Assert.False(rewound.GetProperty("intact").GetBoolean());
        Assert.Contains("the chain head has been altered", rewound.GetProperty("problems").GetRawText());

        await ExecuteAsync(truncated, $"UPDATE audit_chain_head SET last_sequence = 0, last_hash = '{new string('0', 64)}', head_mac = NULL WHERE id = 1");
        var reset = await auditor2.GetFromJsonAsync<JsonElement>("/api/referrals/audit/verify");
        Assert.False(reset.GetProperty("intact").GetBoolean());
        Assert.Contains("reset to the start", reset.GetProperty("problems").GetRawText());
    }
}

public sealed class AuditConcurrencyTests
{
    [Fact]
    public async Task Two_replicas_recording_at_once_keep_one_unbroken_chain()
    {
        await using var first = await ReferralTestContext.StartAsync();
        await using var second = await ReferralTestContext.StartAsync(new() { ["Database:ConnectionString"] = first.Database.ConnectionString });
        using var police = await first.ClientAsAsync(TestIdentity.AgencyClient("police"));
        var created = await police.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid());
        var path = created.Headers.Location!.ToString();
        using var policeAtSecond = await second.ClientAsAsync(TestIdentity.AgencyClient("police"));

        var reads = Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? police : policeAtSecond).GetAsync(path));
        Assert.All(await Task.WhenAll(reads), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        using var auditor = await first.ClientAsAsync(TestIdentity.Auditor);
        var verification = await auditor.GetFromJsonAsync<JsonElement>("/api/referrals/audit/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
        Assert.Equal(61, verification.GetProperty("records").GetInt64());
    }
}

public sealed class AuditCheckpointTests
{
    [Fact]
    public async Task A_restored_earlier_copy_passes_the_chain_alone_but_not_a_checkpoint_kept_outside()
    {
        await using var context = await ReferralTestContext.StartAsync();
        using var police = await context.ClientAsAsync(TestIdentity.AgencyClient("police"));
        using var auditor = await context.ClientAsAsync(TestIdentity.Auditor);
        var created = await police.PostAsJsonAsync("/api/referrals", ReferralPayloads.Valid());
        await police.GetAsync(created.Headers.Location);
        await police.GetAsync(created.Headers.Location);
        await using var connection = new NpgsqlConnection(context.Database.ConnectionString);
        var earlierHead = await connection.QuerySingleAsync<(long Sequence, string Hash, string Mac)>(
            "SELECT last_sequence, last_hash, head_mac FROM audit_chain_head WHERE id = 1");
        Assert.Equal(3, earlierHead.Sequence);

        await police.GetAsync(created.Headers.Location);
        await police.GetAsync(created.Headers.Location);
        var checkpoint = await connection.QuerySingleAsync<string>("SELECT last_sequence || ':' || last_hash FROM audit_chain_head WHERE id = 1");

        // Someone restores the trail as it was after record 3 (head and its MAC included, copied back then).
        await connection.ExecuteAsync("DELETE FROM audit_log WHERE sequence > 3");
        await connection.ExecuteAsync("UPDATE audit_chain_head SET last_sequence = @Sequence, last_hash = @Hash, head_mac = @Mac WHERE id = 1",
            new { earlierHead.Sequence, earlierHead.Hash, earlierHead.Mac });

        var chainAlone = await auditor.GetFromJsonAsync<JsonElement>("/api/referrals/audit/verify");
        Assert.True(chainAlone.GetProperty("intact").GetBoolean()); // the limit of a chain kept in the database itself
        var withCheckpoint = await auditor.GetFromJsonAsync<JsonElement>($"/api/referrals/audit/verify?checkpoint={checkpoint}");
        Assert.False(withCheckpoint.GetProperty("intact").GetBoolean());
        Assert.Contains("before checkpoint 5", withCheckpoint.GetProperty("problems").GetRawText());
        var malformed = await auditor.GetAsync("/api/referrals/audit/verify?checkpoint=5:nothex");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("checkpoint", await malformed.Content.ReadAsStringAsync());
    }
}
