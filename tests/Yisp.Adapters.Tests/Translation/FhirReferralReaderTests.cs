using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Yisp.Adapters.Health.Translation;
using Yisp.Adapters.Platform;
using Yisp.Contracts.Identifiers;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Translation;

public sealed class FhirReferralReaderTests
{
    private static Translation<Platform.ReferralRequest> Read(JsonObject bundle) => FhirReferralReader.Read(bundle.ToJsonString(), FhirBundles.Today);

    private static Translation<Platform.ReferralRequest> Read(string json) => FhirReferralReader.Read(json, FhirBundles.Today);

    [Fact]
    public void A_valid_bundle_gives_the_referral()
    {
        var result = Read(FhirBundles.Valid());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var referral = result.Value;
        Assert.Equal("health", referral.ReferringAgency);
        Assert.Equal(ReferralUrgency.Urgent, referral.Urgency);
        Assert.Equal(["mental-health-concerns", "substance-misuse"], referral.RiskFactors);
        Assert.Equal("Low mood and missed appointments\nOwn substance misuse\nSeen twice this term at the practice.", referral.Reasons);
        Assert.Equal(new ReferralPractitioner("Gamma Testdoctor", "General practitioner", "gamma.testdoctor@example.org", "01632 960002"),
            referral.Practitioner);
        var child = referral.Child;
        Assert.Equal(("Alfred", "Testchild", "Example"), (child.GivenName, child.FamilyName, Assert.Single(child.OtherNames)));
        Assert.Equal(new DateOnly(2014, 3, 9), child.DateOfBirth);
        Assert.Equal(FhirBundles.NhsNumber, child.NhsNumber);
        Assert.Equal("male", child.Gender);
        Assert.Equal(new ReferralAddress("1 Example Street", "Flat 2", "Testtown", "SW1A 1AA"), child.Address);
        Assert.Equal(new ReferralParentCarer("Beta Testparent", "Mother", null, "01632 960001", "beta@example.org"), Assert.Single(referral.ParentsCarers));
    }

    [Fact]
    public void A_requester_with_only_a_display_and_no_contact_is_refused_as_the_platform_needs_a_phone_or_email()
    {
        var bundle = FhirBundles.Valid();
        bundle.Resource(0)["requester"] = new JsonObject { ["display"] = "Dr Gamma Testdoctor" };

        var error = Assert.Single(Read(bundle).Errors);

        Assert.Equal("Bundle.entry[0].resource.requester", error.Path);
    }

    [Fact]
    public void A_missing_patient_is_a_required_issue_naming_the_patient_entry()
    {
        var bundle = FhirBundles.Valid();
        bundle["entry"]!.AsArray().RemoveAt(1);

        var result = Read(bundle);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new TranslationError("Bundle.entry.resource.ofType(Patient)", "is required."), error);
        var issue = Assert.Single(FhirOutcomes.From(result.Errors).Issue);
        Assert.Equal((OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Required), (issue.Severity, issue.Code));
        Assert.Equal(["Bundle.entry.resource.ofType(Patient)"], issue.Expression);
    }

    [Fact]
    public void An_nhs_number_with_a_wrong_check_digit_is_refused_at_its_identifier()
    {
        var bundle = FhirBundles.Valid();
        bundle.Resource(1)["identifier"]![0]!["value"] = "9000000008";

        var error = Assert.Single(Read(bundle).Errors);

        Assert.Equal("Bundle.entry[1].resource.identifier[0].value", error.Path);
        Assert.Equal(OperationOutcome.IssueType.Invalid, FhirOutcomes.CodeFor(error));
    }

    [Theory]
    [InlineData("2014-02-30")]
    [InlineData("2030-01-01")]
    [InlineData("1989-12-31")]
    public void A_bad_birth_date_is_refused_at_birthDate(string birthDate)
    {
        var bundle = FhirBundles.Valid();
        bundle.Resource(1)["birthDate"] = birthDate;

        var error = Assert.Single(Read(bundle).Errors);

        Assert.Equal("Bundle.entry[1].resource.birthDate", error.Path);
    }

    [Fact]
    public void A_birth_date_that_is_not_a_FHIR_date_is_refused_by_the_parser_at_birthDate()
    {
        var bundle = FhirBundles.Valid();
        bundle.Resource(1)["birthDate"] = "09/03/2014";

        var error = Assert.Single(Read(bundle).Errors);

        Assert.Equal("Bundle.entry[1].resource.birthDate", error.Path);
    }

    [Fact]
    public void A_birth_date_of_a_year_only_is_refused_as_the_platform_needs_a_whole_date()
    {
        var bundle = FhirBundles.Valid();
        bundle.Resource(1)["birthDate"] = "2014";

        var error = Assert.Single(Read(bundle).Errors);

        Assert.Equal(("Bundle.entry[1].resource.birthDate", "must be a date as yyyy-MM-dd."), (error.Path, error.Message));
    }

    [Fact]
    public void A_resource_that_is_not_a_bundle_is_a_structure_issue()
    {
        var patient = FhirBundles.Valid().Resource(1).DeepClone().AsObject();

        var result = Read(patient);

        var issue = Assert.Single(FhirOutcomes.From(result.Errors).Issue);
        Assert.Equal(OperationOutcome.IssueType.Structure, issue.Code);
        Assert.Equal(["Patient"], issue.Expression);
    }

    [Fact]
    public void An_unknown_resource_type_is_refused_by_the_parser()
    {
        var bundle = FhirBundles.Valid();
        bundle["resourceType"] = "Bundel";

        var result = Read(bundle);

        Assert.False(result.Succeeded);
        var issue = Assert.Single(FhirOutcomes.From(result.Errors).Issue);
        Assert.Equal(OperationOutcome.IssueType.Structure, issue.Code);
        Assert.Contains("Bundel", issue.Diagnostics);
    }

    [Fact]
    public void A_batch_bundle_is_refused_at_its_type()
    {
        var bundle = FhirBundles.Valid();
        bundle["type"] = "batch";

        Assert.Equal("Bundle.type", Assert.Single(Read(bundle).Errors).Path);
    }

    [Theory]
    [InlineData("{ \"resourceType\": \"Bundle\", ")]
    [InlineData("not json")]
    [InlineData("")]
    public void Malformed_json_is_a_structure_issue(string json)
    {
        var result = Read(json);

        var issue = Assert.Single(FhirOutcomes.From(result.Errors).Issue);
        Assert.Equal(OperationOutcome.IssueType.Structure, issue.Code);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var bundle = FhirBundles.Valid();
        var patient = bundle.Resource(1);
        patient.Remove("address");
        patient["name"] = new JsonArray(new JsonObject { ["family"] = "Testchild" });
        bundle.Resource(0)["category"]![0]!["coding"]![0]!["code"] = "not-a-risk";
        bundle.Resource(0).Remove("reasonCode");
        bundle.Resource(0).Remove("note");

        var paths = Read(bundle).Errors.Select(e => e.Path).Order().ToList();

        Assert.Equal(
        [
            "Bundle.entry[0].resource.category[0].coding[0].code",
            "Bundle.entry[0].resource.reasonCode",
            "Bundle.entry[1].resource.address",
            "Bundle.entry[1].resource.name[0].given",
        ], paths);
    }

    [Fact]
    public void A_service_request_about_another_patient_is_refused_at_its_subject()
    {
        var bundle = FhirBundles.Valid();
        bundle.Resource(0)["subject"] = new JsonObject { ["reference"] = "Patient/someone-else" };

        Assert.Equal("Bundle.entry[0].resource.subject", Assert.Single(Read(bundle).Errors).Path);
    }

    [Theory]
    [InlineData("routine", "routine")]
    [InlineData("asap", "urgent")]
    [InlineData("stat", "urgent")]
    [InlineData(null, "routine")]
    public void Priority_becomes_urgency(string? priority, string urgency)
    {
        var bundle = FhirBundles.Valid();
        bundle.Resource(0)["priority"] = priority;
        if (priority is null)
        {
            bundle.Resource(0).Remove("priority");
        }

        Assert.Equal(urgency, Read(bundle).Value!.Urgency);
    }

    [Theory]
    [InlineData("9000000009", true)]
    [InlineData("900 000 0009", true)]
    [InlineData("9000000008", false)]
    [InlineData("900000000", false)]
    [InlineData("1000000010", false)]
    public void Nhs_numbers_are_checked_by_modulus_11(string input, bool valid) => Assert.Equal(valid, NhsNumber.TryNormalise(input, out _));
}
