using System.Text.Json;
using System.Text.Json.Nodes;
using Yisp.Adapters.Housing.Translation;
using Yisp.Adapters.Inbound;
using Yisp.Testing;

namespace Yisp.Adapters.Tests.Translation;

public sealed class TenancyReferralReaderTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static Platform.Translation<Keyed<Platform.ReferralRequest>> Read(JsonObject body) =>
        TenancyReferralReader.Read(body.Deserialize<TenancyReferralMessage>(JsonInbound.Json)!, Today);

    [Fact]
    public void A_tenancy_referral_gives_the_referral_with_incidents_as_reasons_and_risk_factors()
    {
        var result = Read(AgencyMessages.TenancyReferral());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("tenancy-referral:ASB-2026-0042", result.Value.Key);
        var referral = result.Value.Value;
        Assert.Equal("housing", referral.ReferringAgency);
        Assert.Equal(("Alfred", "SW1A 1AA", "4 Example Court"), (referral.Child.GivenName, referral.Child.Address.Postcode, referral.Child.Address.Line1));
        Assert.Equal(("Beta Testparent", "Mother"), (referral.ParentsCarers[0].Name, referral.ParentsCarers[0].Relationship));
        Assert.Equal(["early-involvement-in-crime", "availability-of-drugs", "high-turnover-housing"], referral.RiskFactors);
        Assert.Equal("Tenancy T/10442: anti-social behaviour reported.\nIntimidation or harassment of neighbours on 2026-11-02: Group outside the flats shouting at neighbours.\n" +
            "Drug use or dealing at the property on 2026-11-20.\nThe family wants support before enforcement.", referral.Reasons);
        Assert.Equal(("Gamma Testofficer", "routine"), (referral.Practitioner!.Name, referral.Urgency));
    }

    [Fact]
    public void Every_bad_field_is_named_by_its_json_path()
    {
        var body = AgencyMessages.TenancyReferral();
        body["id"] = "";
        body["child"]!["dateOfBirth"] = "2030-01-01";
        body["tenancy"]!["address"]!["postcode"] = "nowhere";
        body["incidents"]![1]!["category"] = "loud-music";
        body["household"]![0]!["email"] = "not-an-email";
        body["officer"]!["email"] = null;
        body["riskFactors"] = new JsonArray("astrology");
        body["urgency"] = "yesterday";

        var result = Read(body);

        Assert.False(result.Succeeded);
        Assert.Equal(["child.dateOfBirth", "household[0].email", "id", "incidents[1].category", "officer.email", "riskFactors[0]", "tenancy.address.postcode", "urgency"],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}
