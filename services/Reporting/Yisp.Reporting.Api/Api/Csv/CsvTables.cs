using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Yisp.Reporting.Domain.Disclosure;

namespace Yisp.Reporting.Api.Csv;

/// <summary>
/// A published table as RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, a quote or a line break,
/// one header row, then one record per row and a "Total" record when the table has column totals. Suppressed
/// figures are written as their marker (<c>c</c>); a derived figure that does not exist is an empty field. The title
/// and definition are not in the file (the API gives them beside it), so the file stays a plain rectangle.
/// Layout: row heading, the columns, "Total" (row totals), then the derived columns.
/// </summary>
public static class CsvTables
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        HasHeaderRecord = true,
    };

    /// <summary>Writes to a buffer-backed writer (a <see cref="StringWriter"/>); use <see cref="WriteAsync"/> for a response body.</summary>
    public static void Write(PublishedTable table, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        foreach (var record in Records(table))
        {
            foreach (var field in record)
            {
                csv.WriteField(field);
            }
            csv.NextRecord();
        }
        csv.Flush();
    }

    public static async Task WriteAsync(PublishedTable table, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        foreach (var record in Records(table))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var field in record)
            {
                csv.WriteField(field);
            }
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    public static string ToCsv(PublishedTable table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(table, writer);
        return writer.ToString();
    }

    private static IEnumerable<List<string>> Records(PublishedTable table)
    {
        var header = new List<string> { Label(table.RowHeading) };
        header.AddRange(table.ColumnLabels.Select(Label));
        if (table.RowTotals is not null)
        {
            header.Add(PublishedTable.TotalLabel);
        }
        header.AddRange(table.Derived.Select(column => Label(column.Label)));
        yield return header;

        for (var row = 0; row < table.RowLabels.Count; row++)
        {
            var record = new List<string> { Label(table.RowLabels[row]) };
            record.AddRange(table.Cells[row].Select(Figure));
            if (table.RowTotals is not null)
            {
                record.Add(Figure(table.RowTotals[row]));
            }
            record.AddRange(table.Derived.Select(column => Figure(column.Values[row])));
            yield return record;
        }

        if (table.ColumnTotals is not null)
        {
            var total = new List<string> { PublishedTable.TotalLabel };
            total.AddRange(table.ColumnTotals.Select(Figure));
            if (table.RowTotals is not null)
            {
                total.Add(Figure(table.GrandTotal));
            }
            total.AddRange(table.Derived.Select(_ => string.Empty));
            yield return total;
        }
    }

    private static string Figure(PublishedValue? value) => value?.ToString() ?? string.Empty;

    /// <summary>A label that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV injection advice).</summary>
    private static string Label(string label) =>
        label.Length > 0 && label[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + label : label;
}
