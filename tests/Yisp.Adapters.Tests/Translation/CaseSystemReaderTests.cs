using System.Text.Json.Nodes;
using Yisp.Adapters.ChildrensSocialCare.Translation;

namespace Yisp.Adapters.Tests.Translation;

public sealed class CaseSystemReaderTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static JsonObject Referral() => JsonNode.Parse("""
        {
          "referralReference": "CSC/REF/0001",
          "child": { "firstName": "Alfie", "lastName": "Testchild", "dateOfBirth": "2014-03-09", "gender": "male",
                     "address": { "line1": "1 Example Street", "town": "Testtown", "postcode": "sw1a1aa" } },
          "socialWorker": { "name": "Sam Worker", "team": "Assessment Team 2", "email": "sam.worker@council.example" },
          "familyMembers": [ { "name": "Pat Testparent", "relationship": "mother", "parentalResponsibility": true, "phone": "07700 900123" } ],
          "assessmentSummary": "Assessment closed below threshold; early help recommended for school and family conflict.",
          "riskFactors": [ "family-conflict", "persistent-absence" ],
          "priority": "Urgent"
        }
        """)!.AsObject();

    [Fact]
    public void A_case_system_referral_becomes_the_platforms_referral_keyed_by_its_own_reference()
    {
        var (translation, reference) = CaseSystemReader.ReadReferral(Referral().ToJsonString(), Today);

        Assert.True(translation.Succeeded, string.Join("; ", translation.Errors));
        var referral = translation.Value;
        Assert.Equal("CSC/REF/0001", reference);
        Assert.Equal(("childrens-social-care", "urgent"), (referral.ReferringAgency, referral.Urgency));
        Assert.Equal(("Alfie", "Testchild", "SW1A 1AA"), (referral.Child.GivenName, referral.Child.FamilyName, referral.Child.Address.Postcode));
        Assert.Equal("Social worker, Assessment Team 2", referral.Practitioner!.Role);
        Assert.Equal(["family-conflict", "persistent-absence"], referral.RiskFactors);
        Assert.True(Assert.Single(referral.ParentsCarers).HasParentalResponsibility);
    }

    [Fact]
    public void Every_error_is_named_by_its_json_path_at_once()
    {
        var body = Referral();
        body.Remove("referralReference");
        body["child"]!["dateOfBirth"] = "2030-01-01";
        body["socialWorker"]!.AsObject().Remove("email");
        body["familyMembers"]![0]!["email"] = "not-an-email";
        body["riskFactors"]![1] = "unknown-risk";

        var (translation, _) = CaseSystemReader.ReadReferral(body.ToJsonString(), Today);

        Assert.False(translation.Succeeded);
        Assert.Equal(["child.dateOfBirth", "familyMembers[0].email", "referralReference", "riskFactors[1]", "socialWorker"],
            translation.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_property_is_refused_at_its_path()
    {
        var body = Referral();
        body["child"]!["ethnicity"] = "not asked for";

        var (translation, _) = CaseSystemReader.ReadReferral(body.ToJsonString(), Today);

        Assert.Equal("child.ethnicity", Assert.Single(translation.Errors).Path);
    }

    [Theory]
    [InlineData("CIN", "child-in-need")]
    [InlineData("cp", "child-protection")]
    public void A_statutory_category_becomes_the_platforms_code(string category, string code)
    {
        var caseId = Guid.NewGuid();

        var translation = CaseSystemReader.ReadStatutoryStatus($$"""{ "caseId": "{{caseId}}", "reference": "CSC/S47/9", "category": "{{category}}" }""");

        Assert.True(translation.Succeeded);
        Assert.Equal((caseId, "CSC/S47/9", code), (translation.Value.CaseId, translation.Value.Reference, translation.Value.Code));
    }

    [Fact]
    public void A_statutory_report_without_a_case_reference_or_known_category_names_each()
    {
        var translation = CaseSystemReader.ReadStatutoryStatus("""{ "reference": " ", "category": "LAC" }""");

        Assert.Equal(["caseId", "category", "reference"], translation.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}
