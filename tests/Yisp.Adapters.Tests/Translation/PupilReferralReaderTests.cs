using System.Text.Json.Nodes;
using Yisp.Adapters.Education.Translation;
using Yisp.Adapters.Platform;
using Yisp.Contracts.Identifiers;

namespace Yisp.Adapters.Tests.Translation;

public sealed class PupilReferralReaderTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    /// <summary>A UPN of an obviously fictional pupil whose check letter is right: V then 999999999012.</summary>
    public const string Upn = "V999999999012";

    private static JsonObject Valid() => JsonNode.Parse("""
    {
      "upn": "V999999999012",
      "pupil": {
        "forename": "Alfred", "surname": "Testchild", "middleNames": [ "Example" ], "dateOfBirth": "2014-03-09", "sex": "male",
        "address": { "line1": "1 Example Street", "town": "Testtown", "postcode": "SW1A 1AA" }
      },
      "school": "Testtown Academy",
      "referrer": { "name": "Epsilon Testteacher", "role": "Designated safeguarding lead", "email": "epsilon@example.org" },
      "contacts": [ { "name": "Beta Testparent", "relationship": "Mother", "parentalResponsibility": true, "phone": "01632 960001" } ],
      "attendance": { "percentage": 84.5, "sessionsMissed": 47 },
      "exclusions": { "count": 2, "suspensionDays": 3.5 },
      "concerns": "Withdrawn in class since the spring.",
      "riskFactors": [ "lack-of-commitment-to-school" ]
    }
    """)!.AsObject();

    private static Translation<Platform.ReferralRequest> Read(JsonObject body) => PupilReferralReader.Read(body.ToJsonString(), Today);

    [Fact]
    public void A_valid_pupil_referral_gives_the_referral_with_facts_as_risk_factors_and_reasons()
    {
        var result = Read(Valid());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var referral = result.Value;
        Assert.Equal("education", referral.ReferringAgency);
        Assert.Equal(["lack-of-commitment-to-school", "persistent-absence", "exclusion"], referral.RiskFactors);
        Assert.Equal("Withdrawn in class since the spring.\nAttendance: 84.5% of possible sessions, 47 sessions missed.\nExclusions: 2, 3.5 days of suspension.",
            referral.Reasons);
        Assert.Equal((Upn, "Testtown Academy", "SW1A 1AA"), (referral.Child.Upn, referral.Child.School, referral.Child.Address.Postcode));
        Assert.Equal(new ReferralParentCarer("Beta Testparent", "Mother", true, "01632 960001", null), Assert.Single(referral.ParentsCarers));
        Assert.Equal(ReferralUrgency.Routine, referral.Urgency);
    }

    [Theory]
    [InlineData(90.0, 0, 0, new string[0])]
    [InlineData(89.9, 0, 0, new[] { "persistent-absence" })]
    [InlineData(95.0, 1, 0, new[] { "exclusion" })]
    [InlineData(95.0, 0, 0.5, new[] { "exclusion" })]
    public void Attendance_below_90_percent_and_any_exclusion_are_risk_factors(double percentage, int count, double days, string[] expected) =>
        Assert.Equal(expected, SchoolFacts.RiskFactors(new AttendanceFacts((decimal)percentage, 0), new ExclusionFacts(count, (decimal)days)));

    [Theory]
    [InlineData("W999999999012")]
    [InlineData("V99999999901")]
    [InlineData("I999999999012")]
    public void A_upn_with_a_wrong_check_letter_or_shape_is_refused(string upn)
    {
        var body = Valid();
        body["upn"] = upn;

        Assert.Equal("upn", Assert.Single(Read(body).Errors).Path);
    }

    [Theory]
    [InlineData("L801000000001", true)]
    [InlineData("l801000000001", true)]
    [InlineData("L801000000002", false)]
    public void Upn_check_letters_follow_the_dfe_algorithm(string upn, bool valid) => Assert.Equal(valid, UniquePupilNumber.TryNormalise(upn, out _));

    [Fact]
    public void Every_bad_field_is_named_by_its_json_path()
    {
        var body = Valid();
        body["pupil"]!["dateOfBirth"] = "09/03/2014";
        body["pupil"]!["address"]!["postcode"] = "nowhere";
        body["attendance"]!["percentage"] = 140;
        body["contacts"]![0]!["email"] = "not-an-email";
        body["riskFactors"] = new JsonArray("truancy");
        body["referrer"]!.AsObject().Remove("email");

        var paths = Read(body).Errors.Select(e => e.Path).Order().ToList();

        Assert.Equal(["attendance.percentage", "contacts[0].email", "pupil.address.postcode", "pupil.dateOfBirth", "referrer", "riskFactors[0]"], paths);
    }

    [Fact]
    public void A_value_of_the_wrong_json_type_is_named_by_its_path()
    {
        var body = Valid();
        body["attendance"]!["sessionsMissed"] = "lots";

        Assert.Equal("attendance.sessionsMissed", Assert.Single(Read(body).Errors).Path);
    }

    [Fact]
    public void An_unknown_property_is_refused()
    {
        var body = Valid();
        body["favouriteColour"] = "green";

        Assert.False(Read(body).Succeeded);
    }

    [Fact]
    public void Without_concerns_or_facts_there_are_no_reasons_and_the_referral_is_refused()
    {
        var body = Valid();
        body.Remove("concerns");
        body.Remove("attendance");
        body.Remove("exclusions");

        Assert.Equal("concerns", Assert.Single(Read(body).Errors).Path);
    }
}
