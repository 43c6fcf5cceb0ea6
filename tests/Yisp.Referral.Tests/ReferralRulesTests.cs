using Yisp.Referral.Api;
using Yisp.Referral.Domain;

namespace Yisp.Referral.Tests;

public sealed class ReferralRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static CreateReferralRequest Valid() =>
        new("police", "Amara", "Okafor", new DateOnly(2014, 5, 1), "SW1A 1AA", "Repeated anti-social behaviour.");

    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData("  M1 1AE ", "M1 1AE")]
    [InlineData("b338th", "B33 8TH")]
    [InlineData("CR2 6XH", "CR2 6XH")]
    [InlineData("DN55 1PT", "DN55 1PT")]
    [InlineData("GIR 0AA", "GIR 0AA")]
    public void UK_postcodes_are_accepted_and_normalised(string input, string expected)
    {
        Assert.True(UkPostcode.TryNormalise(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("SW1A")]
    [InlineData("QW1A 1AA")]
    [InlineData("SW1A 1AAA")]
    [InlineData("SW1A 1CA")]
    public void Malformed_postcodes_are_refused(string input) => Assert.False(UkPostcode.TryNormalise(input, out _));

    [Fact]
    public void A_complete_referral_has_no_errors()
    {
        var errors = ReferralRules.Validate(Valid(), Today, out var postcode);
        Assert.True(errors.IsEmpty);
        Assert.Equal("SW1A 1AA", postcode);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var errors = ReferralRules.Validate(new CreateReferralRequest("martians", " ", null, Today.AddDays(1), "nowhere", ""), Today, out _)
            .ToDictionary();
        Assert.Equal(
            ["childDateOfBirth", "childFamilyName", "childGivenName", "postcode", "reasons", "referringAgency"],
            errors.Keys.Order());
        Assert.Contains("future", errors["childDateOfBirth"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_fields_are_refused_with_their_limit()
    {
        var errors = ReferralRules.Validate(Valid() with { ChildGivenName = new string('a', 101), Reasons = new string('r', 4001) }, Today, out _)
            .ToDictionary();
        Assert.Contains("100", errors["childGivenName"][0], StringComparison.Ordinal);
        Assert.Contains("4000", errors["reasons"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_of_birth_today_is_allowed_but_not_tomorrow()
    {
        Assert.True(ReferralRules.Validate(Valid() with { ChildDateOfBirth = Today }, Today, out _).IsEmpty);
        Assert.False(ReferralRules.Validate(Valid() with { ChildDateOfBirth = Today.AddDays(1) }, Today, out _).IsEmpty);
    }
}
