namespace Yisp.Reporting.Domain;

/// <summary>
/// One figure before disclosure control: counts of children or cases in rows and columns, and statistics (medians,
/// rates, means) each with the count they are computed from, so that a statistic on a suppressed count is
/// suppressed too. Every figure carries the short definition served with it.
/// </summary>
public sealed record Figure(
    string Id,
    string Title,
    string Definition,
    string Unit,
    IReadOnlyList<string> Rows,
    IReadOnlyList<string> Columns,
    long[][] Counts,
    IReadOnlyList<Statistic> Statistics)
{
    /// <summary>What the rows are, e.g. "Referring agency".</summary>
    public string RowHeading { get; init; } = "Category";

    /// <summary>Whether the rows (and columns) are separate parts of one whole, so totals mean something and are published.</summary>
    public bool Additive { get; init; } = true;

    public static Figure List(string id, string title, string definition, string unit, IEnumerable<(string Label, long Count)> rows,
        IReadOnlyList<Statistic>? statistics = null)
    {
        var list = rows.ToList();
        return new Figure(id, title, definition, unit, [.. list.Select(r => r.Label)], [unit], [.. list.Select(r => new[] { r.Count })], statistics ?? []);
    }
}

/// <summary>A value derived from <see cref="Base"/> counted items: published only when the base count is.</summary>
public sealed record Statistic(string Label, double? Value, long Base, string Unit);
