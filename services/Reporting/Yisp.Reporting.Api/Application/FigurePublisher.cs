using Yisp.Reporting.Domain;
using Yisp.Reporting.Domain.Disclosure;

namespace Yisp.Reporting.Application;

/// <summary>A figure as it may leave the service: its counts and its statistics, each through disclosure control.</summary>
public sealed record PublishedFigure(string Id, string Title, string Definition, string Unit, PublishedTable Table, PublishedTable? Statistics);

/// <summary>The one way out for figures: every output (JSON, CSV, dashboard) takes <see cref="PublishedFigure"/>s from here.</summary>
public static class FigurePublisher
{
    public static PublishedFigure Publish(Figure figure, DisclosureRules rules)
    {
        if (figure.Rows.Count == 0 || figure.Columns.Count == 0)
        {
            // Nothing to count in the period: one row of zeros says so in every output.
            var columns = figure.Columns.Count == 0 ? [figure.Unit] : figure.Columns;
            figure = figure with { Rows = ["none"], Columns = columns, Counts = [new long[columns.Count]] };
        }
        var totals = !figure.Additive ? TotalsShown.None : figure.Columns.Count == 1 ? TotalsShown.Columns : TotalsShown.Both;
        var table = new FigureTable(figure.Title, figure.Definition, figure.RowHeading, figure.Rows, figure.Columns,
            [.. figure.Counts.Select(row => (IReadOnlyList<int>)[.. row.Select(c => checked((int)c))])], totals);
        return new PublishedFigure(figure.Id, figure.Title, figure.Definition, figure.Unit, DisclosureControl.Apply(table, rules), Statistics(figure, rules));
    }

    /// <summary>Each statistic beside the count it is computed from: both shown, or both suppressed.</summary>
    private static PublishedTable? Statistics(Figure figure, DisclosureRules rules)
    {
        if (figure.Statistics.Count == 0)
        {
            return null;
        }
        var stats = figure.Statistics;
        var table = new FigureTable($"{figure.Title}: statistics", figure.Definition, "Statistic", [.. stats.Select(s => $"{s.Label} ({s.Unit})")],
            ["computed from"], [.. stats.Select(s => (IReadOnlyList<int>)[checked((int)s.Base)])], TotalsShown.None)
        {
            Derived = [new DerivedColumn("value", [.. stats.Select(s => s.Value is { } v ? new DerivedValue((decimal)v, CountBase.Cell(0)) : null)])],
        };
        return DisclosureControl.Apply(table, rules);
    }
}
