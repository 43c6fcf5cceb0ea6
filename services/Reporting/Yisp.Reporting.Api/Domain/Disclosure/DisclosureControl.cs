using System.ComponentModel.DataAnnotations;

namespace Yisp.Reporting.Domain.Disclosure;

/// <summary>
/// The one place figures are protected before they leave the service (JSON, CSV, dashboard, anything later).
/// <list type="number">
/// <item>Primary: a count, or a published total, from 1 to <see cref="DisclosureRules.SuppressUpTo"/> is suppressed;
/// so is a total that would round to 0. Zero is always shown.</item>
/// <item>Secondary, as in UK official statistics: a row or column (totals included) with exactly one suppressed figure
/// gets its next smallest non-zero shown figure suppressed too, preferring a cell to the line's total; repeated until
/// stable across rows and columns.</item>
/// <item>Audit: the table is then checked as a reader would attack it: knowing every shown cell, the exact totals
/// (the worst case, before rounding) and that every marker hides a count of at least 1. A suppressed figure is safe
/// when it lies on a cycle of suppressed figures (alternating along rows and columns) along which the table can be
/// shifted by one without a figure going below 1: then at least two values fit everything published. While a
/// figure is not safe, the cheapest such cycle is completed (fewest children suppressed, totals only as a last resort,
/// which always succeeds: a cell can always be shifted together with its row total, column total and grand total).</item>
/// <item>Totals are computed from the true counts, then rounded to <see cref="DisclosureRules.RoundTotalsTo"/>. A row whose
/// cells are all suppressed still shows its total when the total is itself safe (the audit has proved its cells are not
/// recoverable from it).</item>
/// <item>A derived value is suppressed (with the same reason) when its base count is; a null derived value over a
/// suppressed base shows the marker too.</item>
/// </list>
/// Totals a table does not publish are unknown to the reader and constrain nothing.
/// </summary>
public static class DisclosureControl
{
    public static PublishedTable Apply(FigureTable table, DisclosureRules rules)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rules);
        Validator.ValidateObject(rules, new ValidationContext(rules), validateAllProperties: true);
        Check(table);

        var grid = new SuppressionGrid(table, rules);
        grid.Protect();
        return Publish(table, rules, grid);
    }

    private static PublishedTable Publish(FigureTable table, DisclosureRules rules, SuppressionGrid grid)
    {
        int rows = grid.Rows, columns = grid.Columns;
        var cells = Enumerable.Range(0, rows)
            .Select(r => (IReadOnlyList<PublishedValue>)Enumerable.Range(0, columns).Select(c => grid.Published(r, c)).ToList())
            .ToList();
        var rowTotals = grid.ShowsRowTotals
            ? Enumerable.Range(0, rows).Select(r => grid.Published(r, columns)).ToList()
            : null;
        var columnTotals = grid.ShowsColumnTotals
            ? Enumerable.Range(0, columns).Select(c => grid.Published(rows, c)).ToList()
            : null;
        var grandTotal = grid.ShowsRowTotals && grid.ShowsColumnTotals ? grid.Published(rows, columns) : null;
        var derived = table.Derived
            .Select(column => new PublishedDerivedColumn(
                column.Label,
                column.Values.Select((value, row) => PublishDerived(value, row, grid, rules)).ToList()))
            .ToList();
        return new PublishedTable(
            table.Title, table.Definition, table.RowHeading, table.RowLabels.ToList(), table.ColumnLabels.ToList(),
            cells, rowTotals, columnTotals, grandTotal, derived);
    }

    private static PublishedValue? PublishDerived(DerivedValue? value, int row, SuppressionGrid grid, DisclosureRules rules)
    {
        if (value is null)
        {
            return null;
        }
        var why = value.Base.Kind switch
        {
            CountBaseKind.Cell => grid.Reason(row, value.Base.Value),
            CountBaseKind.RowTotal => grid.Reason(row, grid.Columns),
            _ => value.Base.Value >= 1 && value.Base.Value <= rules.SuppressUpTo ? Suppression.Primary : Suppression.None,
        };
        if (why != Suppression.None)
        {
            return PublishedValue.Suppressed(rules.Marker, why);
        }
        return value.Value is { } number ? PublishedValue.Of(number) : null;
    }

    private static void Check(FigureTable table)
    {
        var rows = table.RowLabels.Count;
        var columns = table.ColumnLabels.Count;
        if (rows == 0 || columns == 0)
        {
            throw new ArgumentException("A table has at least one row and one column.", nameof(table));
        }
        if (table.Counts.Count != rows || table.Counts.Any(row => row.Count != columns))
        {
            throw new ArgumentException($"Counts must be {rows} rows of {columns} columns, as the labels.", nameof(table));
        }
        if (table.Counts.Any(row => row.Any(count => count < 0)))
        {
            throw new ArgumentException("Counts are never negative.", nameof(table));
        }
        foreach (var column in table.Derived)
        {
            if (column.Values.Count != rows)
            {
                throw new ArgumentException($"Derived column '{column.Label}' needs one value (or null) per row.", nameof(table));
            }
            foreach (var value in column.Values.OfType<DerivedValue>())
            {
                var bad = value.Base.Kind switch
                {
                    CountBaseKind.Cell => value.Base.Value < 0 || value.Base.Value >= columns,
                    CountBaseKind.RowTotal => table.Totals is not (TotalsShown.Rows or TotalsShown.Both),
                    _ => value.Base.Value < 0,
                };
                if (bad)
                {
                    throw new ArgumentException(
                        $"Derived column '{column.Label}' has a base that is not a published count of its row "
                        + "(a column of the table, the row total of a table that shows row totals, or a count of at least 0).",
                        nameof(table));
                }
            }
        }
    }
}
