using System.Security.Cryptography;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Matching;
using Yisp.Referral.Domain.Privacy;
using Yisp.Referral.Domain.Screening;

namespace Yisp.Referral.Tests;

public sealed class ScreeningAndMatchingTests
{
    private static readonly ScreeningOptions Pilot = new() { PostcodeDistricts = ["M1", "M2"] };

    private static ScreeningResult Screen(int age = 11, string district = "M1", int risks = 0, int concerned = 1, bool pending = false) =>
        ScreeningRules.Screen(new ScreeningFacts(age, district, risks, concerned, pending), Pilot);

    [Fact]
    public void Age_is_counted_in_whole_years_on_the_referral_date()
    {
        Assert.Equal(7, ScreeningRules.AgeOn(new DateOnly(2018, 11, 27), new DateOnly(2026, 11, 26)));
        Assert.Equal(8, ScreeningRules.AgeOn(new DateOnly(2018, 11, 26), new DateOnly(2026, 11, 26)));
    }

    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(13, true)]
    [InlineData(14, false)]
    public void Only_children_in_the_age_range_are_eligible(int age, bool eligible) =>
        Assert.Equal(eligible ? ScreeningOutcome.Eligible : ScreeningOutcome.Ineligible, Screen(age, risks: 4).Outcome);

    [Fact]
    public void The_age_range_is_configurable_up_to_17()
    {
        var later = new ScreeningOptions { MaximumAge = 17 };
        Assert.Equal(ScreeningOutcome.Eligible, ScreeningRules.Screen(new ScreeningFacts(16, "M1", 4, 1, false), later).Outcome);
    }

    [Fact]
    public void A_child_outside_the_panel_area_is_ineligible_with_the_reason()
    {
        var result = Screen(district: "LS1", risks: 6);
        Assert.Equal(ScreeningOutcome.Ineligible, result.Outcome);
        Assert.Contains(result.Reasons, r => r.Contains("LS1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3, 1, ScreeningOutcome.Ineligible)]
    [InlineData(4, 1, ScreeningOutcome.Eligible)]
    [InlineData(0, 2, ScreeningOutcome.Eligible)]
    public void Two_concerned_agencies_or_four_risk_factors_make_a_child_eligible(int risks, int concerned, string outcome) =>
        Assert.Equal(outcome, Screen(risks: risks, concerned: concerned).Outcome);

    [Fact]
    public void A_match_waiting_for_a_coordinator_means_review_whatever_the_risk_count()
    {
        Assert.Equal(ScreeningOutcome.NeedsReview, Screen(risks: 1, concerned: 1, pending: true).Outcome);
        Assert.Equal(ScreeningOutcome.NeedsReview, Screen(risks: 6, concerned: 1, pending: true).Outcome);
        Assert.Equal(ScreeningOutcome.Ineligible, Screen(age: 15, risks: 6, pending: true).Outcome);
    }

    [Fact]
    public void Settings_that_contradict_each_other_fail_validation() =>
        Assert.NotEmpty(new ScreeningOptions { MinimumAge = 14, MaximumAge = 10 }.Validate(new(new object())));

    [Fact]
    public void Names_match_whatever_their_case_accents_spaces_apostrophes_and_hyphens()
    {
        Assert.Equal(MatchKeyHasher.NormaliseName("darcy smith"), MatchKeyHasher.NormaliseName("D'Arcy-Smith"));
        Assert.Equal(MatchKeyHasher.NormaliseName("Zoe"), MatchKeyHasher.NormaliseName("Zoë"));
        Assert.Equal("李小龍", MatchKeyHasher.NormaliseName("李 小龍"));
        Assert.NotEqual(MatchKeyHasher.NormaliseName("Zoe"), MatchKeyHasher.NormaliseName("Chloe"));
    }

    [Fact]
    public void Match_keys_are_keyed_hashes_that_reveal_nothing_without_the_secret()
    {
        var identity = new MatchIdentity("9434765919", null, "Amara", "Okafor", new DateOnly(2014, 5, 1), "M1 1");
        var keys = new MatchKeyHasher(RandomNumberGenerator.GetBytes(32)).KeysFor(identity);
        var again = new MatchKeyHasher(RandomNumberGenerator.GetBytes(32)).KeysFor(identity);

        Assert.Equal([MatchKeyType.NhsNumber, MatchKeyType.Demographic], keys.Select(k => k.Type));
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k.Hash));
        Assert.DoesNotContain(keys, k => k.Hash.Contains("9434765919", StringComparison.Ordinal));
        Assert.NotEqual(keys[0].Hash, again[0].Hash); // another secret, another key
    }

    [Fact]
    public void Data_keys_are_sealed_with_the_active_key_and_old_keys_still_open_old_data_keys()
    {
        var old = RandomNumberGenerator.GetBytes(32);
        var current = RandomNumberGenerator.GetBytes(32);
        var before = new IdentityProtector(new Dictionary<string, byte[]> { ["2025"] = old }, "2025");
        var after = new IdentityProtector(new Dictionary<string, byte[]> { ["2025"] = old, ["2026"] = current }, "2026");
        var referralId = Guid.NewGuid();
        var dataKey = DataKey.New();
        var identity = dataKey.Seal("Siân O'Brien", referralId);

        var sealedBefore = before.SealDataKey(dataKey, referralId);
        var sealedAfter = after.SealDataKey(dataKey, referralId);

        Assert.DoesNotContain("Brien", identity, StringComparison.Ordinal);
        Assert.Equal("Siân O'Brien", after.OpenDataKey(sealedBefore, referralId).Open(identity, referralId));
        Assert.Equal(("2026", "2025"), (IdentityProtector.KeyIdOf(sealedAfter), IdentityProtector.KeyIdOf(sealedBefore)));
        Assert.NotEqual(identity, dataKey.Seal("Siân O'Brien", referralId)); // a fresh nonce every time
        var tampered = identity[..^4] + (identity[^4] == 'A' ? "B" : "A") + identity[^3..];
        Assert.ThrowsAny<CryptographicException>(() => dataKey.Open(tampered, referralId));
        Assert.Equal("Siân O'Brien", after.UnprotectLegacy(before.ProtectLegacy("Siân O'Brien"))); // rows written before data keys
    }

    [Theory]
    [InlineData(ReferralStatus.Received, ReferralStatus.Screened, true)]
    [InlineData(ReferralStatus.AwaitingConsent, ReferralStatus.Accepted, true)]
    [InlineData(ReferralStatus.Accepted, ReferralStatus.AwaitingConsent, false)]
    [InlineData(ReferralStatus.Closed, ReferralStatus.Accepted, false)]
    [InlineData(ReferralStatus.Screened, ReferralStatus.Accepted, false)]
    public void The_lifecycle_allows_only_forward_moves(string from, string to, bool allowed) =>
        Assert.Equal(allowed, ReferralLifecycle.CanMove(from, to));
}
