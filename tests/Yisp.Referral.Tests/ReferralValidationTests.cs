using Yisp.Contracts.Identifiers;
using Yisp.Referral.Api;
using Yisp.Referral.Catalogue;
using Yisp.Referral.Domain;
using Yisp.Referral.Domain.Identifiers;

namespace Yisp.Referral.Tests;

public sealed class ReferralValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    public static readonly RiskFactorCatalogue Catalogue =
        RiskFactorCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Catalogue", "risk-factors.json"));

    private static ReferralSubmission Valid() => new(
        "police",
        new Practitioner("Alex Morgan", "PCSO", "alex@agency.example", null),
        new Child("Amara", "Okafor", [], new DateOnly(2014, 5, 1), "female", null,
            new Address("1 Example Street", null, "Manchester", "m1 1ae"), null, "943 476 5919", "H801200001001", null, null),
        [new ParentCarer("Ngozi Okafor", "mother", true, "07700 900000", null)],
        "Repeated anti-social behaviour.",
        ["family-conflict", "exclusion"],
        ["education"],
        null);

    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData("  M1 1AE ", "M1 1AE")]
    [InlineData("b338th", "B33 8TH")]
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
    [InlineData("SW1A 1CA")]
    public void Malformed_postcodes_are_refused(string input) => Assert.False(UkPostcode.TryNormalise(input, out _));

    [Fact]
    public void Postcode_district_and_sector_are_the_outward_code_and_the_inward_digit()
    {
        Assert.Equal("SW1A", UkPostcode.District("SW1A 1AA"));
        Assert.Equal("SW1A 1", UkPostcode.Sector("SW1A 1AA"));
    }

    [Theory]
    [InlineData("9434765919", true)]
    [InlineData("943 476 5919", true)]
    [InlineData("943-476-5919", true)]
    [InlineData("9434765918", false)]
    [InlineData("943476591", false)]
    [InlineData("94347659190", false)]
    [InlineData("943476591X", false)]
    [InlineData("1000000010", false)] // the check digit would be 10: never issued
    public void NHS_numbers_need_ten_digits_and_a_modulus_11_check_digit(string input, bool valid) =>
        Assert.Equal(valid, NhsNumber.TryNormalise(input, out _));

    [Theory]
    [InlineData("H801200001001", true)]
    [InlineData("h801200001001", true)]
    [InlineData("A801200001001", false)]
    [InlineData("H80120000100", false)]
    [InlineData("I801200001001", false)]
    [InlineData("H8012000010O1", false)]
    public void UPNs_need_thirteen_characters_and_the_right_check_letter(string input, bool valid) =>
        Assert.Equal(valid, UniquePupilNumber.TryNormalise(input, out _));

    [Fact]
    public void A_complete_referral_is_valid_and_normalised()
    {
        var errors = ReferralValidation.Submission(Valid(), Today, Catalogue, out var valid);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {e.Value[0]}")));
        Assert.Equal("M1 1AE", valid!.Postcode);
        Assert.Equal("9434765919", valid.Child.NhsNumber);
        Assert.Equal("routine", valid.Urgency);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once_by_its_path()
    {
        var submission = Valid() with
        {
            ReferringAgency = "martians",
            Child = Valid().Child! with
            {
                GivenName = " ",
                DateOfBirth = Today.AddDays(1),
                Address = new Address(null, null, null, "nowhere"),
                NhsNumber = "9434765918",
                Upn = "A801200001001",
                PoliceReference = "<script>",
            },
            ParentsCarers = [new ParentCarer(null, null, null, "call me", "not-an-email")],
            Reasons = "",
            RiskFactors = ["family-conflict", "made-up", "family-conflict"],
            AgenciesInvolved = ["wizards"],
            Urgency = "whenever",
        };

        var errors = ReferralValidation.Submission(submission, Today, Catalogue, out var valid).ToDictionary();

        Assert.Null(valid);
        Assert.Equal(new[]
        {
            "agenciesInvolved[0]", "child.address.line1", "child.address.postcode", "child.dateOfBirth", "child.givenName",
            "child.nhsNumber", "child.policeReference", "child.upn", "parentsCarers[0].email", "parentsCarers[0].name",
            "parentsCarers[0].phone", "reasons", "referringAgency", "riskFactors[1]", "riskFactors[2]", "urgency",
        }, errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_agency_must_say_which_practitioner_refers_but_a_parent_need_not()
    {
        var fromAgency = ReferralValidation.Submission(Valid() with { Practitioner = null }, Today, Catalogue, out _).ToDictionary();
        var fromParent = ReferralValidation.Submission(Valid() with { Practitioner = null, ReferringAgency = Referrer.ParentCarer }, Today, Catalogue, out _);

        Assert.Contains("practitioner", fromAgency.Keys);
        Assert.True(fromParent.IsEmpty);
    }

    [Fact]
    public void Over_long_fields_are_refused_with_their_limit()
    {
        var errors = ReferralValidation.Submission(Valid() with
        {
            Child = Valid().Child! with { GivenName = new string('a', 101) },
            Reasons = new string('r', 4001),
        }, Today, Catalogue, out _).ToDictionary();

        Assert.Contains("100", errors["child.givenName"][0], StringComparison.Ordinal);
        Assert.Contains("4000", errors["reasons"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_risk_factor_catalogue_is_data_in_four_groups()
    {
        Assert.Equal(RiskFactorCatalogue.Groups.Order(), Catalogue.All.Select(f => f.Group).Distinct().Order());
        Assert.Equal("family", Catalogue.Find("family-conflict")!.Group);
        Assert.Throws<InvalidDataException>(() => new RiskFactorCatalogue([new RiskFactor("x", "X", "planetary")]));
    }
}
