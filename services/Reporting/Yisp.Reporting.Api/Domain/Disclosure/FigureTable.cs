namespace Yisp.Reporting.Domain.Disclosure;

/// <summary>Which totals a table publishes. The grand total is published only with both.</summary>
public enum TotalsShown
{
    None,

    /// <summary>A total column: one total per row.</summary>
    Rows,

    /// <summary>A total row: one total per column.</summary>
    Columns,

    /// <summary>A total column, a total row and the grand total.</summary>
    Both,
}

/// <summary>
/// A table of true counts, before disclosure control. Counts are of children or cases, never negative.
/// A 1-D list (referrals by agency) is a one-column table: see <see cref="List"/>.
/// </summary>
/// <param name="Title">What the table shows, e.g. "Referrals by referring agency, 2026-27".</param>
/// <param name="Definition">How the figures are counted (published beside the table, not in its CSV).</param>
/// <param name="RowHeading">The heading of the row label column, e.g. "Agency".</param>
public sealed record FigureTable(
    string Title,
    string Definition,
    string RowHeading,
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels,
    IReadOnlyList<IReadOnlyList<int>> Counts,
    TotalsShown Totals = TotalsShown.Both)
{
    /// <summary>Figures computed per row from a count of the table (rates, means, medians, percentiles).</summary>
    public IReadOnlyList<DerivedColumn> Derived { get; init; } = [];

    /// <summary>A 1-D list as a one-column table with its total (a total row), so per-item derived values sit on its rows.</summary>
    public static FigureTable List(
        string title, string definition, string rowHeading, string countLabel, IReadOnlyList<string> labels, IReadOnlyList<int> counts) =>
        new(title, definition, rowHeading, labels, [countLabel], counts.Select(count => (IReadOnlyList<int>)[count]).ToList(), TotalsShown.Columns);
}

/// <summary>A column of figures derived per row, e.g. "Mean days from referral to panel". One value (or null) per row.</summary>
public sealed record DerivedColumn(string Label, IReadOnlyList<DerivedValue?> Values);

/// <summary>A figure computed from <paramref name="Base"/>; it is suppressed whenever its base count is.</summary>
/// <param name="Value">The figure as it is to be published (already rounded as wanted), null when it does not exist (no cases).</param>
public sealed record DerivedValue(decimal? Value, CountBase Base);

/// <summary>The count a derived value is computed from.</summary>
public readonly record struct CountBase
{
    private CountBase(CountBaseKind kind, int value)
    {
        Kind = kind;
        Value = value;
    }

    public CountBaseKind Kind { get; }

    /// <summary>The column index (for <see cref="CountBaseKind.Cell"/>) or the count (for <see cref="CountBaseKind.Count"/>).</summary>
    public int Value { get; }

    /// <summary>The row's own cell in this column (a 1-D list: column 0).</summary>
    public static CountBase Cell(int column) => new(CountBaseKind.Cell, column);

    /// <summary>The row's total; the table must publish row totals.</summary>
    public static CountBase RowTotal { get; } = new(CountBaseKind.RowTotal, 0);

    /// <summary>A count not in the table (e.g. children with a closed plan); suppressed when 1 to the threshold.</summary>
    public static CountBase Count(int count) => new(CountBaseKind.Count, count);
}

public enum CountBaseKind
{
    Cell,
    RowTotal,
    Count,
}
