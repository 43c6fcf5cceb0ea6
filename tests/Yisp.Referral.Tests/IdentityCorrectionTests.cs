using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Referral.Api;
using Yisp.Referral.Application;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Matching;
using Yisp.Referral.Domain.Screening;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

/// <summary>A coordinator corrects a child's details (UK GDPR article 16): the read identity changes, the old values stay sealed in a history.</summary>
public sealed class IdentityCorrectionTests
{
    private const string Correction = "identity-correction";
    private static readonly string[] Eligible = ["family-conflict", "persistent-absence", "exclusion", "substance-misuse"];

    private static Task<(HttpResponseMessage Response, JsonElement Body)> CorrectAsync(ReferralTestContext context, JsonElement referral, object child,
        string reason = "The school's records show the referral had it wrong.", string? etag = null) =>
        context.ChangeAsync(referral.Id(), Correction, new { child, reason }, etag ?? $"\"{referral.GetProperty("version").GetInt32()}\"");

    private static Task<JsonElement> HistoryAsync(ReferralTestContext context, Guid id) =>
        context.Client.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}/identity-corrections");

    private static async Task<JsonElement> CorrectedAsync(ReferralTestContext context, JsonElement referral, object child)
    {
        var (response, body) = await CorrectAsync(context, referral, child);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task A_correction_changes_the_identity_read_and_keeps_the_values_it_replaced_sealed_in_the_history()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var referral = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Sam", nhsNumber: ReferralPayloads.NhsNumber(501)));

        var (response, corrected) = await CorrectAsync(context, referral, new
        {
            givenName = " Samuel ",
            dateOfBirth = "2015-06-02",
            address = new { line1 = "2 New Road", town = "Manchester", postcode = "m2 4ab" },
        }, reason: "The family's letter gives the right name, date of birth and address.");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.ETag());
        var child = corrected.GetProperty("child");
        Assert.Equal(("Samuel", "O'Neill", "2015-06-02", "M2 4AB"),
            (child.Str("givenName"), child.Str("familyName"), child.Str("dateOfBirth"), child.GetProperty("address").Str("postcode")));
        Assert.Equal(ReferralPayloads.NhsNumber(501), child.Str("nhsNumber"));
        Assert.Equal("Samuel", (await context.ReferralAsync(referral.Id())).GetProperty("child").Str("givenName"));
        Assert.Equal("Jo O'Neill", corrected.GetProperty("parentsCarers")[0].Str("name")); // the rest of the identity is kept
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(ScreeningRules.AgeOn(new DateOnly(2015, 6, 2), today),
            await context.ScalarAsync<int>("SELECT age_at_referral FROM referrals WHERE id = @id", new { id = referral.Id() }));
        Assert.Equal("M2", await context.ScalarAsync<string>("SELECT postcode_district FROM referrals WHERE id = @id", new { id = referral.Id() }));

        await CorrectedAsync(context, await context.ReferralAsync(referral.Id()), new { familyName = "O'Neil" });
        var history = (await HistoryAsync(context, referral.Id())).GetProperty("corrections").EnumerateArray().ToList();

        Assert.Equal(2, history.Count);
        Assert.Equal(["givenName", "dateOfBirth", "address"], history[0].GetProperty("fieldsChanged").EnumerateArray().Select(f => f.GetString()!));
        Assert.Equal((TestIdentity.Coordinator, "The family's letter gives the right name, date of birth and address."),
            (history[0].Str("correctedBy"), history[0].Str("reason")));
        var previous = history[0].GetProperty("previous");
        Assert.Equal(("Sam", "2014-05-01", "M1 1AE"), (previous.Str("givenName"), previous.Str("dateOfBirth"), previous.GetProperty("address").Str("postcode")));
        Assert.Equal(JsonValueKind.Null, previous.GetProperty("nhsNumber").ValueKind); // only what was replaced is kept
        Assert.Equal("O'Neill", history[1].GetProperty("previous").Str("familyName"));

        // Stored sealed: neither the reason nor the old values are in the row, and the fields changed are names only.
        Assert.Equal(0L, await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM identity_corrections WHERE sealed_details NOT LIKE 'v2:%' OR sealed_details LIKE '%\"%' OR sealed_details LIKE '% %'"));
        Assert.Equal("givenName,dateOfBirth,address", await context.ScalarAsync<string>(
            "SELECT fields_changed FROM identity_corrections WHERE referral_id = @id ORDER BY corrected_at LIMIT 1", new { id = referral.Id() }));

        // Reporting hears the corrected age band and district (each correction), never a detail itself.
        var announced = (await context.OutboxPayloadsAsync()).Where(m => m.Contains("ReferralDetailsCorrected", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, announced.Count);
        Assert.All(announced, m => Assert.Contains("\"postcodeDistrict\":\"M2\"", m, StringComparison.Ordinal));
        Assert.All(announced, m => Assert.DoesNotContain("Samuel", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_corrections_are_400s_naming_each_field_and_change_nothing()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var referral = await context.CreatedAsync(ReferralPayloads.Valid(nhsNumber: ReferralPayloads.NhsNumber(502)));
        var nhs = ReferralPayloads.NhsNumber(502);
        var wrongCheckDigit = nhs[..9] + (char)('0' + ((nhs[9] - '0' + 1) % 10));

        var (bad, problem) = await CorrectAsync(context, referral, new
        {
            givenName = " ",
            dateOfBirth = "2999-01-01",
            nhsNumber = wrongCheckDigit,
            upn = "X123",
            address = new { line1 = "", postcode = "not a postcode" },
        }, reason: "");
        var (empty, emptyProblem) = await CorrectAsync(context, referral, new { });
        var (unknown, unknownProblem) = await CorrectAsync(context, referral, new { sex = "female" });
        var (same, sameProblem) = await CorrectAsync(context, referral, new { nhsNumber = nhs.Insert(3, " "), givenName = "Sam" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToList();
        Assert.Equal(["child.address.line1", "child.address.postcode", "child.dateOfBirth", "child.givenName", "child.nhsNumber", "child.upn", "reason"], errors);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True(emptyProblem.GetProperty("errors").TryGetProperty("child", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains(unknownProblem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("child", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode); // the values held already: nothing to correct
        Assert.True(sameProblem.GetProperty("errors").TryGetProperty("child", out _), sameProblem.ToString());

        var after = await context.ReferralAsync(referral.Id());
        Assert.Equal(1, after.GetProperty("version").GetInt32());
        Assert.Equal(referral.GetProperty("child").GetRawText(), after.GetProperty("child").GetRawText());
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM identity_corrections"));
    }

    [Fact]
    public async Task Only_a_coordinator_corrects_or_reads_the_history_and_the_If_Match_convention_holds()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var referral = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police"));
        using var police = await context.ClientAsAsync(TestIdentity.AgencyClient("police"));
        var body = new { child = new { givenName = "Samuel" }, reason = "Spelling." };

        using var byAgency = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{referral.Id()}/{Correction}") { Content = JsonContent.Create(body) };
        byAgency.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var refused = await police.SendAsync(byAgency);
        var historyRefused = await police.GetAsync($"/api/referrals/{referral.Id()}/identity-corrections");
        var (missing, _) = await context.ChangeAsync(referral.Id(), Correction, body, etag: null);
        var (stale, _) = await context.ChangeAsync(referral.Id(), Correction, body, "\"7\"");
        var (unknown, _) = await context.ChangeAsync(Guid.NewGuid(), Correction, body, "\"1\"");
        var unknownHistory = await context.Client.GetAsync($"/api/referrals/{Guid.NewGuid()}/identity-corrections");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, historyRefused.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownHistory.StatusCode);
        Assert.Equal("Sam", (await context.ReferralAsync(referral.Id())).GetProperty("child").Str("givenName"));
        Assert.Equal(1L, await context.ScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_log WHERE client_id = @client AND outcome = 'denied' AND action = @action",
            new { client = TestIdentity.AgencyClient("police"), action = "POST /api/referrals/{id:guid}/identity-correction" }));
    }

    [Fact]
    public async Task A_corrected_NHS_number_of_another_childs_case_is_held_for_a_coordinator_and_that_child_is_untouched()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", nhsNumber: ReferralPayloads.NhsNumber(601), riskFactors: Eligible));
        var other = await context.CreatedAsync(ReferralPayloads.Valid(agency: "education", givenName: "Lily", familyName: "Shaw", dateOfBirth: "2015-02-02",
            postcode: "M4 5FG", nhsNumber: ReferralPayloads.NhsNumber(602), riskFactors: Eligible));
        var otherKeys = await KeysOfAsync(context, other.CaseId()!.Value);
        var otherBefore = await context.ReferralAsync(other.Id());
        Assert.NotEqual(first.CaseId(), other.CaseId());

        var held = await CorrectedAsync(context, first, new { nhsNumber = ReferralPayloads.NhsNumber(602) });

        Assert.Equal("pending-review", held.GetProperty("match").Str("state"));
        Assert.Equal(other.CaseId(), held.GetProperty("match").GetProperty("candidateCaseId").GetGuid());
        Assert.Equal(first.CaseId(), held.CaseId()); // it stays on its case until the coordinator decides
        Assert.Equal("awaiting-consent", held.Str("status")); // screening is not run again
        var otherNow = await context.ReferralAsync(other.Id());
        Assert.Equal(otherBefore.GetRawText(), otherNow.GetRawText());
        Assert.Equal(otherKeys, await KeysOfAsync(context, other.CaseId()!.Value));
        Assert.Empty(await KeysOfAsync(context, first.CaseId()!.Value)); // while held, the referral gives no case a key
        var (again, _) = await CorrectAsync(context, held, new { givenName = "Samuel" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // the decision comes first

        var (decided, joined) = await context.ChangeAsync(first.Id(), "match-decision", new { decision = "confirm" }, "\"2\"");

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal((other.CaseId(), "confirmed"), (joined.CaseId(), joined.GetProperty("match").Str("state")));
        Assert.Equal(otherKeys.Count + 1, (await KeysOfAsync(context, other.CaseId()!.Value)).Count); // its own name, birth date and sector join
        Assert.Equal("Lily", (await context.ReferralAsync(other.Id())).GetProperty("child").Str("givenName"));
        Assert.Contains(await context.OutboxPayloadsAsync(), m => m.Contains("ReferralLinkedToCase", StringComparison.Ordinal)
            && m.Contains(first.Id().ToString(), StringComparison.Ordinal) && m.Contains(other.CaseId().ToString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_match_after_a_correction_keeps_the_referral_on_its_case()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", upn: "H801200001001", riskFactors: Eligible));
        var other = await context.CreatedAsync(ReferralPayloads.Valid(agency: "health", givenName: "Lily", postcode: "M4 5FG", riskFactors: Eligible));
        var held = await CorrectedAsync(context, other, new { upn = "H801200001001" });
        Assert.Equal(first.CaseId(), held.GetProperty("match").GetProperty("candidateCaseId").GetGuid());

        var (decided, kept) = await context.ChangeAsync(other.Id(), "match-decision", new { decision = "reject" }, "\"2\"");

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal((other.CaseId(), "rejected"), (kept.CaseId(), kept.GetProperty("match").Str("state")));
        Assert.Single(await KeysOfAsync(context, other.CaseId()!.Value)); // its demographic key; the UPN stays with the first child's case
        Assert.Equal(2, (await KeysOfAsync(context, first.CaseId()!.Value)).Count);
    }

    [Fact]
    public async Task The_old_NHS_number_no_longer_finds_the_case_and_the_corrected_one_does()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var (wrong, right) = (ReferralPayloads.NhsNumber(701), ReferralPayloads.NhsNumber(702));
        var referral = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", nhsNumber: wrong));

        var corrected = await CorrectedAsync(context, referral, new { nhsNumber = right });
        var byOld = await context.CreatedAsync(ReferralPayloads.Valid(agency: "education", givenName: "Nadia", familyName: "Khan", nhsNumber: wrong));
        var byNew = await context.CreatedAsync(ReferralPayloads.Valid(agency: "health", givenName: "Samuel", nhsNumber: right));

        Assert.Equal(("new-case", referral.CaseId()), (corrected.GetProperty("match").Str("state"), corrected.CaseId()));
        Assert.Equal("new-case", byOld.GetProperty("match").Str("state"));
        Assert.NotEqual(referral.CaseId(), byOld.CaseId());
        Assert.Equal(("linked", referral.CaseId()), (byNew.GetProperty("match").Str("state"), byNew.CaseId()));
    }

    [Fact]
    public async Task After_the_case_closed_a_corrected_NHS_number_still_links_the_childs_next_referral_to_that_episode()
    {
        await using var context = await ReferralTestContext.StartAsync();
        await using var linked = await BusListener<Contracts.Referrals.ReferralLinkedToCase>.StartAsync(context.VirtualHost);
        var (wrong, right) = (ReferralPayloads.NhsNumber(711), ReferralPayloads.NhsNumber(712));
        var first = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police", nhsNumber: wrong, riskFactors: Eligible));
        var bus = context.Service.Services.GetRequiredService<MassTransit.IBus>();
        await bus.Publish(new Contracts.Interventions.CaseClosed(first.CaseId()!.Value, "goals-achieved", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await context.ReferralAsync(first.Id())).GetProperty("closeReason").GetString() == "case-closed",
            "the referral closes with its case");

        await CorrectedAsync(context, await context.ReferralAsync(first.Id()), new { nhsNumber = right });
        var byOld = await context.CreatedAsync(ReferralPayloads.Valid(agency: "education", givenName: "Nadia", familyName: "Khan", nhsNumber: wrong));
        var byNew = await context.CreatedAsync(ReferralPayloads.Valid(agency: "health", nhsNumber: right));

        await linked.WaitForCountAsync(3);
        Assert.Null(linked.Messages.Single(m => m.Message.ReferralId == byOld.Id()).Message.PreviousCaseId);
        Assert.Equal(first.CaseId(), linked.Messages.Single(m => m.Message.ReferralId == byNew.Id()).Message.PreviousCaseId);
    }

    [Fact]
    public async Task Erasure_destroys_the_correction_history_with_the_identity()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var referral = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Erin", nhsNumber: ReferralPayloads.NhsNumber(801)));
        var kept = await context.CreatedAsync(ReferralPayloads.Valid(givenName: "Kit", nhsNumber: ReferralPayloads.NhsNumber(802)));
        await CorrectedAsync(context, referral, new { givenName = "Erina" });
        await CorrectedAsync(context, kept, new { givenName = "Kitty" });
        await context.ScalarAsync<int>("UPDATE referrals SET updated_at = updated_at - INTERVAL '13 months' WHERE id = @id RETURNING 1", new { id = referral.Id() });

        var report = await context.Service.Services.GetRequiredService<RetentionErasure>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, report.ReferralsErased);
        Assert.Equal(0L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM identity_corrections WHERE referral_id = @id", new { id = referral.Id() }));
        Assert.Equal(1L, await context.ScalarAsync<long>("SELECT COUNT(*) FROM identity_corrections WHERE referral_id = @id", new { id = kept.Id() }));
        Assert.Equal(HttpStatusCode.NotFound, (await context.Client.GetAsync($"/api/referrals/{referral.Id()}/identity-corrections")).StatusCode);
        var erased = await context.ReferralAsync(referral.Id());
        var (again, _) = await CorrectAsync(context, erased, new { givenName = "Erin" });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Single((await HistoryAsync(context, kept.Id())).GetProperty("corrections").EnumerateArray());
    }

    [Fact]
    public async Task A_correction_and_a_read_of_the_history_are_audited_by_action_and_no_value_reaches_the_trail_or_an_event()
    {
        await using var context = await ReferralTestContext.StartAsync();
        var referral = await context.CreatedAsync(ReferralPayloads.Valid(agency: "police"));
        await CorrectedAsync(context, referral, new { familyName = "Zebedee-Quartermaine", nhsNumber = ReferralPayloads.NhsNumber(901) });
        await HistoryAsync(context, referral.Id());
        using var auditor = await context.ClientAsAsync(TestIdentity.Auditor);

        var trail = await auditor.GetFromJsonAsync<JsonElement>($"/api/referrals/audit?resourceId={referral.Id()}");

        var records = trail.GetProperty("records").EnumerateArray().Where(r => r.Str("purpose") == "rectification").ToList();
        Assert.Equal(["POST /api/referrals/{id:guid}/identity-correction", "GET /api/referrals/{id:guid}/identity-corrections"],
            records.Select(r => r.Str("action")));
        Assert.All(records, r => Assert.Equal((TestIdentity.Coordinator, "allowed", "police"), (r.Str("clientId"), r.Str("outcome"), r.Str("ownerAgency"))));
        Assert.DoesNotContain("Zebedee", trail.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(await context.OutboxPayloadsAsync(), m => m.Contains("Zebedee", StringComparison.Ordinal)
            || m.Contains(ReferralPayloads.NhsNumber(901), StringComparison.Ordinal));
    }

    private static async Task<List<string>> KeysOfAsync(ReferralTestContext context, Guid caseId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(context.Database.ConnectionString);
        return (await Dapper.SqlMapper.QueryAsync<string>(connection,
            "SELECT key_type || ':' || key_hash FROM case_match_keys WHERE case_id = @caseId ORDER BY 1", new { caseId })).ToList();
    }
}

public sealed class IdentityCorrectionRuleTests
{
    private static readonly Guid Own = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static readonly Child Held = new("Sam", "Lee", [], new DateOnly(2014, 5, 1), "male", null,
        new Address("1 Example Street", null, "Manchester", "M1 1AE"), "Example Primary", "9434765919", null, "GMP/1", null);

    [Fact]
    public void A_correction_changes_only_the_details_given_and_remembers_only_the_values_it_replaced()
    {
        var correction = new ChildCorrection("Sam", "Leigh", new DateOnly(2014, 6, 1), null, "H801200001001", null);

        var (corrected, changed, previous) = correction.ApplyTo(Held);

        Assert.Equal(["familyName", "dateOfBirth", "upn"], changed); // the given name is the one held: not a change
        Assert.Equal(Held with { FamilyName = "Leigh", DateOfBirth = new DateOnly(2014, 6, 1), Upn = "H801200001001" }, corrected);
        Assert.Equal(new ChildCorrection(null, "Lee", new DateOnly(2014, 5, 1), null, null, null), previous);
    }

    [Fact]
    public void An_address_is_corrected_whole()
    {
        var moved = new Address("9 Other Road", "Flat 2", null, "M2 4AB");

        var (corrected, changed, previous) = new ChildCorrection(null, null, null, null, null, moved).ApplyTo(Held);

        Assert.Equal(["address"], changed);
        Assert.Equal(moved, corrected.Address);
        Assert.Equal(Held.Address, previous.Address);
    }

    [Fact]
    public void A_corrected_identity_stays_on_its_case_unless_another_case_shares_a_strong_identifier_or_it_has_none_of_its_own()
    {
        Assert.Null(CorrectionMatch.CandidateFor(Own, []));
        Assert.Null(CorrectionMatch.CandidateFor(Own, [("nhs", Own), ("demographic", Own)]));
        Assert.Null(CorrectionMatch.CandidateFor(Own, [("nhs", Own), ("demographic", Other)]));
        Assert.Equal(Other, CorrectionMatch.CandidateFor(Own, [("nhs", Other)]));
        Assert.Equal(Other, CorrectionMatch.CandidateFor(Own, [("upn", Own), ("nhs", Other)]));
        Assert.Equal(Other, CorrectionMatch.CandidateFor(Own, [("demographic", Other)]));
    }

    [Fact]
    public void A_valid_correction_is_normalised_as_a_new_referral_is()
    {
        var body = new IdentityCorrectionRequest(
            new ChildCorrection(" Amara ", null, null, "943 476 5919", null,
                new Address("1 Example Street", null, null, "m1 1ae")), " Confirmed by the GP. ");

        var errors = ReferralValidation.IdentityCorrection(body, new DateOnly(2026, 11, 26), out var valid);

        Assert.True(errors.IsEmpty);
        Assert.Equal(("Amara", "9434765919", "M1 1AE", "Confirmed by the GP."),
            (valid!.Child.GivenName, valid.Child.NhsNumber, valid.Child.Address!.Postcode, valid.Reason));
    }
}
