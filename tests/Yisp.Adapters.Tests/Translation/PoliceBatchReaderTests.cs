using Yisp.Adapters.Platform;
using Yisp.Adapters.Police.Translation;

namespace Yisp.Adapters.Tests.Translation;

public sealed class PoliceBatchReaderTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private const string Header =
        "reference,given_name,family_name,date_of_birth,sex,address_line1,town,postcode,incident_type,incident_date,officer_name,officer_email,notes";

    private const string GoodRow =
        "PX/0001,Alfred,Testchild,2014-03-09,male,1 Example Street,Testtown,SW1A 1AA,asb,2026-11-28,PC Delta Testofficer,delta@example.org,Seen with older youths";

    [Fact]
    public void A_good_csv_row_becomes_a_referral_keyed_by_the_forces_reference()
    {
        var batch = PoliceBatchReader.ReadCsv($"{Header}\n{GoodRow}\n", Today);

        var row = Assert.Single(batch.Rows);
        Assert.True(row.Translation.Succeeded, string.Join("; ", row.Translation.Errors));
        Assert.Equal((2, "PX/0001", "police:PX%2F0001"), (row.Line, row.Reference, row.IdempotencyKey));
        var referral = row.Translation.Value;
        Assert.Equal("police", referral.ReferringAgency);
        Assert.Equal("PX/0001", referral.Child.PoliceReference);
        Assert.Equal(["early-involvement-in-crime"], referral.RiskFactors);
        Assert.Equal("Anti-social behaviour on 2026-11-28.\nSeen with older youths", referral.Reasons);
        Assert.Equal(new ReferralPractitioner("PC Delta Testofficer", null, "delta@example.org", null), referral.Practitioner);
        Assert.Equal(new PoliceRowReport(2, "PX/0001", PoliceRowOutcome.Pending, [], null), row.Report());
    }

    [Fact]
    public void Bad_rows_are_reported_by_line_counting_the_header_as_line_1_and_a_quoted_line_break()
    {
        var badDate = GoodRow.Replace("PX/0001", "PX/0002").Replace("2014-03-09", "09/03/2014");
        var multiLine = GoodRow.Replace("PX/0001", "PX/0003").Replace("Seen with older youths", "\"Two\nlines\"");
        var badType = GoodRow.Replace("PX/0001", "PX/0004").Replace(",asb,", ",joyriding,");

        var batch = PoliceBatchReader.ReadCsv($"{Header}\n{GoodRow}\n{badDate}\n{multiLine}\n{badType}\n", Today);

        Assert.Equal([2, 3, 4, 6], batch.Rows.Select(r => r.Line));
        var reports = batch.Rows.Select(r => r.Report()).ToList();
        Assert.Equal([PoliceRowOutcome.Pending, PoliceRowOutcome.Invalid, PoliceRowOutcome.Pending, PoliceRowOutcome.Invalid], reports.Select(r => r.Outcome));
        Assert.Equal("date_of_birth", Assert.Single(reports[1].Errors).Path);
        Assert.Equal("incident_type", Assert.Single(reports[3].Errors).Path);
        Assert.Equal("Two\nlines", batch.Rows[2].Translation.Value!.Reasons.Split('\n', 2)[1]);
    }

    [Fact]
    public void A_reference_repeated_within_a_batch_is_refused_on_the_later_row()
    {
        var batch = PoliceBatchReader.ReadCsv($"{Header}\n{GoodRow}\n{GoodRow}\n", Today);

        Assert.True(batch.Rows[0].Translation.Succeeded);
        Assert.Equal("reference", Assert.Single(batch.Rows[1].Translation.Errors).Path);
    }

    [Fact]
    public void A_missing_column_stops_the_batch_at_line_1()
    {
        var batch = PoliceBatchReader.ReadCsv(Header.Replace("postcode,", "") + "\n" + GoodRow, Today);

        Assert.False(batch.Readable);
        Assert.Equal("line 1", Assert.Single(batch.BatchErrors).Path);
        Assert.Contains("postcode", batch.BatchErrors[0].Message);
    }

    [Fact]
    public void Without_an_officer_email_or_phone_a_row_is_refused()
    {
        var batch = PoliceBatchReader.ReadCsv($"{Header}\n{GoodRow.Replace("delta@example.org", "")}\n", Today);

        Assert.Equal("officer_email", Assert.Single(Assert.Single(batch.Rows).Translation.Errors).Path);
    }

    [Fact]
    public void Agencies_the_force_knows_are_involved_are_carried_and_an_unknown_code_is_named_by_its_place()
    {
        var csv = $"{Header},agencies_involved\n{GoodRow},Education; youth-service;police\n{GoodRow.Replace("PX/0001", "PX/0009")},education;school\n";

        var batch = PoliceBatchReader.ReadCsv(csv, Today);

        Assert.Equal(["education", "youth-service"], batch.Rows[0].Translation.Value!.AgenciesInvolved);
        Assert.Equal("agencies_involved[1]", Assert.Single(batch.Rows[1].Translation.Errors).Path);
        Assert.Empty(PoliceBatchReader.ReadCsv($"{Header}\n{GoodRow}\n", Today).Rows[0].Translation.Value!.AgenciesInvolved);
    }

    [Fact]
    public void A_json_batch_is_read_row_by_row_with_array_indexes()
    {
        const string json = """
        [
          { "reference": "PX/0001", "given_name": "Alfred", "family_name": "Testchild", "date_of_birth": "2014-03-09", "address_line1": "1 Example Street",
            "postcode": "SW1A 1AA", "incident_type": "exploitation", "incident_date": "2026-11-28", "officer_name": "PC Delta Testofficer",
            "officer_phone": "01632 960003" },
          { "reference": "PX/0002", "given_name": "Gina", "family_name": "Testchild", "date_of_birth": 2014, "postcode": "SW1A 1AA",
            "incident_type": "offence", "incident_date": "2030-01-01", "officer_name": "PC Delta Testofficer", "officer_email": "delta@example.org",
            "colour": "green" },
          "not an object"
        ]
        """;

        var batch = PoliceBatchReader.ReadJson(json, Today);

        Assert.Equal([0, 1, 2], batch.Rows.Select(r => r.Line));
        Assert.Equal(["exploitation-risk"], batch.Rows[0].Translation.Value!.RiskFactors);
        Assert.Equal(["address_line1", "colour", "date_of_birth", "date_of_birth", "incident_date"],
            batch.Rows[1].Translation.Errors.Select(e => e.Path).Order());
        Assert.Equal("[2]", Assert.Single(batch.Rows[2].Translation.Errors).Path);
    }

    [Theory]
    [InlineData("{ \"reference\": \"PX/0001\" }")]
    [InlineData("[ { ")]
    public void A_json_batch_that_is_not_an_array_is_unreadable(string json) => Assert.False(PoliceBatchReader.ReadJson(json, Today).Readable);

    [Fact]
    public void References_that_differ_only_by_space_or_underscore_keep_distinct_keys()
    {
        var spaced = new PoliceBatchRow(2, "PX 1", Translation<ReferralRequest>.Failed("x", "y"));
        var underscored = spaced with { Reference = "PX_1" };

        Assert.NotEqual(spaced.IdempotencyKey, underscored.IdempotencyKey);
        Assert.DoesNotContain(' ', spaced.IdempotencyKey!);
    }

    [Fact]
    public void Every_incident_type_maps_to_a_catalogue_risk_factor_or_none() =>
        Assert.All(IncidentTypes.All.Values, t => Assert.True(t.RiskFactor is null || RiskFactorCodes.All.Contains(t.RiskFactor)));
}
