using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Yisp.Reporting.Api.Csv;
using Yisp.Reporting.Domain.Disclosure;

namespace Yisp.Reporting.Tests;

public sealed class DisclosureOutputTests
{
    // 3 is suppressed; 30 goes with it (its row), then 12 and 40 (their columns).
    private static PublishedTable Published() => DisclosureControl.Apply(
        new FigureTable(
            "Outcomes by agency", "Cases closed in the year, by the agency that referred them.", "Agency",
            ["Police, North", "School \"Hillside\"", "=Health"],
            ["Plan achieved", "Not achieved"],
            [[3, 30], [12, 40], [20, 25]])
        {
            Derived = [new DerivedColumn("Mean weeks open", [new DerivedValue(10.5m, CountBase.Cell(0)), new DerivedValue(12.25m, CountBase.Cell(0)), null])],
        },
        new DisclosureRules { RoundTotalsTo = 1 });

    [Fact]
    public void Csv_is_rfc_4180_with_a_header_markers_and_quoted_labels()
    {
        var csv = CsvTables.ToCsv(Published());

        var lines = csv.Split("\r\n");
        Assert.Equal(
            [
                "Agency,Plan achieved,Not achieved,Total,Mean weeks open",
                "\"Police, North\",c,c,33,c",
                "\"School \"\"Hillside\"\"\",c,c,52,c",
                "'=Health,20,25,45,",
                "Total,35,95,130,",
                "",
            ],
            lines);
        Assert.DoesNotContain("\n", csv.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        }
        Assert.Equal(5, records.Count);
        Assert.Equal("School \"Hillside\"", records[2][0]);
        Assert.All(records, record => Assert.Equal(5, record.Length));
    }

    [Fact]
    public async Task Csv_written_asynchronously_is_the_same()
    {
        var table = Published();
        await using var writer = new StringWriter(CultureInfo.InvariantCulture);

        await CsvTables.WriteAsync(table, writer);

        Assert.Equal(CsvTables.ToCsv(table), writer.ToString());
    }

    [Fact]
    public void Json_shows_a_number_or_the_marker_and_never_the_reason()
    {
        var json = JsonSerializer.Serialize(Published(), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("[[\"c\",\"c\"],[\"c\",\"c\"],[20,25]]", root.GetProperty("cells").GetRawText());
        Assert.Equal("[33,52,45]", root.GetProperty("rowTotals").GetRawText());
        Assert.Equal(130, root.GetProperty("grandTotal").GetInt32());
        Assert.Equal("[\"c\",\"c\",null]", root.GetProperty("derived")[0].GetProperty("values").GetRawText());
        Assert.Equal("Cases closed in the year, by the agency that referred them.", root.GetProperty("definition").GetString());
        Assert.DoesNotContain("uppression", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Primary", json, StringComparison.Ordinal);

        var back = JsonSerializer.Deserialize<PublishedTable>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("c", back.Cells[0][0].ToString());
        Assert.True(back.Cells[0][0].IsSuppressed);
        Assert.Equal(25m, back.Cells[2][1].Number);
    }
}
