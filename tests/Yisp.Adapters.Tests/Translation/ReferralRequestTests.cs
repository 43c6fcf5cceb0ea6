using System.Text.Json;
using System.Text.Json.Nodes;
using Yisp.Adapters.Platform;

namespace Yisp.Adapters.Tests.Translation;

public sealed class ReferralRequestTests
{
    [Fact]
    public void A_referral_request_serialises_to_the_referral_services_submission_shape()
    {
        var request = new ReferralRequest("police", new ReferralPractitioner("PC Delta Testofficer", null, "delta@example.org", null),
            new ReferralChild("Alfred", "Testchild", [], new DateOnly(2014, 3, 9), "male", null, new ReferralAddress("1 Example Street", null, "Testtown", "SW1A 1AA"),
                null, null, null, "PX/0001", null),
            [], "Seen at an incident.", ["early-involvement-in-crime"], [], ReferralUrgency.Routine);

        var json = JsonNode.Parse(JsonSerializer.Serialize(request, JsonSerializerOptions.Web))!.AsObject();

        Assert.Equal(["referringAgency", "practitioner", "child", "parentsCarers", "reasons", "riskFactors", "agenciesInvolved", "urgency"],
            json.Select(p => p.Key));
        Assert.Equal(["givenName", "familyName", "otherNames", "dateOfBirth", "sex", "gender", "address", "school", "nhsNumber", "upn", "policeReference",
            "yotReference"], json["child"]!.AsObject().Select(p => p.Key));
        Assert.Equal("2014-03-09", (string?)json["child"]!["dateOfBirth"]);
        Assert.Equal(["line1", "line2", "town", "postcode"], json["child"]!["address"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["name", "role", "email", "phone"], json["practitioner"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void The_risk_factor_codes_are_the_referral_services_catalogue()
    {
        var catalogue = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "services/Referral/Yisp.Referral.Api/Catalogue/risk-factors.json")))!;
        var codes = catalogue.AsObject().SelectMany(g => g.Value!.AsArray().Select(f => (string)f!["code"]!)).Order().ToList();

        Assert.Equal(codes, RiskFactorCodes.All.Order());
    }

    [Fact]
    public void A_failed_translation_names_at_least_one_error() =>
        Assert.Throws<ArgumentException>(() => Translation<ReferralRequest>.Failed([]));

    [Fact]
    public void Single_line_values_refuse_control_and_bidi_characters_and_are_trimmed()
    {
        var errors = new TranslationErrors();

        Assert.Equal("Alfred", errors.Required("a", "  Alfred ", 100));
        Assert.Null(errors.Required("b", "Al\u202Efred", 100));
        Assert.Null(errors.Required("c", "Al\nfred", 100));
        Assert.Equal("two\nlines", errors.OptionalText("d", "two\nlines", 100));
        Assert.Null(errors.Required("e", " ", 100));
        Assert.Equal(["b", "c", "e"], errors.All.Select(e => e.Path));
    }

    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA")]
    [InlineData("M1 1AE", "M1 1AE")]
    [InlineData("NOT A POSTCODE", null)]
    [InlineData("QQ1 1AA", null)]
    public void Postcodes_are_normalised_or_refused(string input, string? expected) =>
        Assert.Equal(expected, new TranslationErrors().Postcode("p", input));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Yisp.Platform.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Yisp.Platform.sln) is not above the test assembly.");
    }
}
