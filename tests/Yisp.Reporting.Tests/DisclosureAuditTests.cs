using Yisp.Reporting.Domain.Disclosure;

namespace Yisp.Reporting.Tests;

/// <summary>
/// Attacks published tables as a reader would. The reader knows every shown cell, every shown total (exactly when
/// totals are not rounded, else within the rounding), that a marker hides a count of at least 1 (zero is shown), and
/// that cells add up to their totals. For each suppressed figure the test asks, by an independent max-flow
/// feasibility check, whether a table with that figure one higher or one lower fits everything published: the set of
/// values that fit is an interval, so that is exactly "at least two values fit".
/// </summary>
public sealed class DisclosureAuditTests
{
    [Theory]
    [InlineData(2000, 5, 1, TotalsShown.Both, 20261)]
    [InlineData(500, 5, 5, TotalsShown.Both, 20262)]
    [InlineData(500, 3, 1, TotalsShown.Both, 20263)]
    [InlineData(500, 5, 1, TotalsShown.Rows, 20264)]
    [InlineData(500, 5, 1, TotalsShown.Columns, 20265)]
    public void No_combination_of_published_cells_and_totals_recovers_a_suppressed_figure(
        int tables, int suppressUpTo, int roundTo, TotalsShown totals, int seed)
    {
        var random = new Random(seed);
        var rules = new DisclosureRules { SuppressUpTo = suppressUpTo, RoundTotalsTo = roundTo };
        var suppressed = 0;
        for (var t = 0; t < tables; t++)
        {
            var rows = random.Next(2, 7);
            var columns = random.Next(2, 7);
            // Mostly small counts, so that suppression is common, some zeros, some large.
            var counts = Enumerable.Range(0, rows)
                .Select(_ => Enumerable.Range(0, columns).Select(_ => random.Next(4) == 0 ? 0 : random.Next(1, 31)).ToArray())
                .ToArray();
            var table = new FigureTable(
                "T", "D", "Row",
                Enumerable.Range(0, rows).Select(r => $"r{r}").ToList(),
                Enumerable.Range(0, columns).Select(c => $"c{c}").ToList(),
                counts.Select(row => (IReadOnlyList<int>)row).ToList(),
                totals);

            var published = DisclosureControl.Apply(table, rules);

            suppressed += Audit(counts, published, rules, $"table {t}: {Describe(counts)}");
        }
        Assert.True(suppressed > tables, $"the random tables should exercise suppression ({suppressed} suppressed figures)");
    }

    [Fact]
    public void The_attack_finds_a_figure_that_is_not_protected()
    {
        // The check itself must catch what it is looking for: one suppressed cell in a row with its exact total.
        int[][] counts = [[3, 10], [20, 30]];
        var published = new PublishedTable(
            "T", "D", "Row", ["r0", "r1"], ["c0", "c1"],
            [[Suppressed(), PublishedValue.Of(10)], [PublishedValue.Of(20), PublishedValue.Of(30)]],
            [PublishedValue.Of(13), PublishedValue.Of(50)], null, null, []);

        var lone = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Audit(counts, published, new DisclosureRules { RoundTotalsTo = 1 }, "x"));
        Assert.Contains("row 0 has one marker", lone.Message);

        // Two ones side by side with the exact total: 1 + 1 = 2 gives them away, since a marker is never 0.
        var ones = published with
        {
            Cells = [[Suppressed(), Suppressed()], [PublishedValue.Of(20), PublishedValue.Of(30)]],
            RowTotals = [PublishedValue.Of(2), PublishedValue.Of(50)],
        };
        var pair = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Audit([[1, 1], [20, 30]], ones, new DisclosureRules { SuppressUpTo = 1, RoundTotalsTo = 1 }, "x"));
        Assert.Contains("can be worked out as 1", pair.Message);
    }

    private static PublishedValue Suppressed() => PublishedValue.Suppressed("c", Suppression.Primary);

    private static string Describe(int[][] counts) => string.Join(" / ", counts.Select(row => string.Join(",", row)));

    /// <summary>Checks the published table against the true counts; returns how many figures are suppressed.</summary>
    private static int Audit(int[][] counts, PublishedTable published, DisclosureRules rules, string what)
    {
        var rows = counts.Length;
        var columns = counts[0].Length;
        var truth = new long[rows + 1, columns + 1];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                truth[r, c] = counts[r][c];
                truth[r, columns] += counts[r][c];
                truth[rows, c] += counts[r][c];
                truth[rows, columns] += counts[r][c];
            }
        }
        // What the reader knows of each figure: bounds (low, high); unpublished totals are unbounded.
        var low = new long[rows + 1, columns + 1];
        var high = new long[rows + 1, columns + 1];
        var hidden = new List<(int Row, int Column)>();
        for (var r = 0; r <= rows; r++)
        {
            for (var c = 0; c <= columns; c++)
            {
                var isMargin = r == rows || c == columns;
                var value = r < rows && c < columns ? published.Cells[r][c]
                    : c == columns && r < rows ? published.RowTotals?[r]
                    : r == rows && c < columns ? published.ColumnTotals?[c]
                    : published.GrandTotal;
                if (value is null)
                {
                    (low[r, c], high[r, c]) = (0, Infinity);
                }
                else if (value.IsSuppressed)
                {
                    Assert.Equal(rules.Marker, value.Marker);
                    Assert.True(truth[r, c] >= 1, $"{what}: a zero at ({r},{c}) is suppressed");
                    (low[r, c], high[r, c]) = (1, Infinity);
                    hidden.Add((r, c));
                }
                else if (isMargin)
                {
                    var shown = (long)value.Number!.Value;
                    Assert.Equal(0, shown % rules.RoundTotalsTo);
                    (low[r, c], high[r, c]) = (Math.Max(0, shown - (rules.RoundTotalsTo / 2)), shown + ((rules.RoundTotalsTo - 1) / 2));
                    Assert.InRange(truth[r, c], low[r, c], high[r, c]);
                    Assert.False(truth[r, c] is >= 1 && truth[r, c] <= rules.SuppressUpTo, $"{what}: small total ({r},{c}) shown");
                }
                else
                {
                    var shown = (long)value.Number!.Value;
                    Assert.Equal(truth[r, c], shown);
                    Assert.False(shown >= 1 && shown <= rules.SuppressUpTo, $"{what}: small count ({r},{c}) shown");
                    (low[r, c], high[r, c]) = (shown, shown);
                }
            }
        }

        // First the rule of thumb: a row or column whose total is exact holds zero or at least two markers.
        if (rules.RoundTotalsTo == 1)
        {
            for (var r = 0; r <= rows; r++)
            {
                if (Enumerable.Range(0, columns + 1).All(c => high[r, c] != Infinity || hidden.Contains((r, c))))
                {
                    Assert.True(hidden.Count(h => h.Row == r) != 1, $"{what}: row {r} has one marker");
                }
            }
            for (var c = 0; c <= columns; c++)
            {
                if (Enumerable.Range(0, rows + 1).All(r => high[r, c] != Infinity || hidden.Contains((r, c))))
                {
                    Assert.True(hidden.Count(h => h.Column == c) != 1, $"{what}: column {c} has one marker");
                }
            }
        }

        // Then the attack proper: the truth fits, and so does another value of every hidden figure.
        Assert.True(Fits(rows, columns, low, high), $"{what}: the true table does not fit what is published");
        foreach (var (r, c) in hidden)
        {
            var (l, h) = (low[r, c], high[r, c]);
            var t = truth[r, c];
            (low[r, c], high[r, c]) = (t + 1, t + 1);
            var above = Fits(rows, columns, low, high);
            (low[r, c], high[r, c]) = (t - 1, t - 1);
            var below = t - 1 >= 1 && Fits(rows, columns, low, high);
            (low[r, c], high[r, c]) = (l, h);
            Assert.True(above || below, $"{what}: the figure at ({r},{c}) can be worked out as {t}");
        }
        return hidden.Count;
    }

    private const long Infinity = 1_000_000;

    /// <summary>
    /// Whether some table fits the bounds: a circulation with lower bounds (source to each row: its total; row to
    /// column: the cell; column to sink: its total; sink to source: the grand total), checked by max flow.
    /// </summary>
    private static bool Fits(int rows, int columns, long[,] low, long[,] high)
    {
        var source = 0;
        var sink = rows + columns + 1;
        var superSource = sink + 1;
        var superSink = sink + 2;
        var n = sink + 3;
        var capacity = new long[n, n];
        var excess = new long[n];

        void Arc(int from, int to, long lower, long upper)
        {
            capacity[from, to] += upper - lower;
            excess[to] += lower;
            excess[from] -= lower;
        }

        for (var r = 0; r < rows; r++)
        {
            Arc(source, 1 + r, low[r, columns], high[r, columns]);
            for (var c = 0; c < columns; c++)
            {
                Arc(1 + r, 1 + rows + c, low[r, c], high[r, c]);
            }
        }
        for (var c = 0; c < columns; c++)
        {
            Arc(1 + rows + c, sink, low[rows, c], high[rows, c]);
        }
        Arc(sink, source, low[rows, columns], high[rows, columns]);
        for (var r = 0; r <= rows; r++)
        {
            for (var c = 0; c <= columns; c++)
            {
                if (low[r, c] > high[r, c])
                {
                    return false;
                }
            }
        }
        long needed = 0;
        for (var node = 0; node < sink + 1; node++)
        {
            if (excess[node] > 0)
            {
                capacity[superSource, node] += excess[node];
                needed += excess[node];
            }
            else if (excess[node] < 0)
            {
                capacity[node, superSink] += -excess[node];
            }
        }
        return MaxFlow(capacity, superSource, superSink) == needed;
    }

    private static long MaxFlow(long[,] capacity, int source, int sink)
    {
        var n = capacity.GetLength(0);
        long flow = 0;
        while (true)
        {
            var previous = Enumerable.Repeat(-1, n).ToArray();
            previous[source] = source;
            var queue = new Queue<int>([source]);
            while (queue.Count > 0 && previous[sink] < 0)
            {
                var node = queue.Dequeue();
                for (var next = 0; next < n; next++)
                {
                    if (previous[next] < 0 && capacity[node, next] > 0)
                    {
                        previous[next] = node;
                        queue.Enqueue(next);
                    }
                }
            }
            if (previous[sink] < 0)
            {
                return flow;
            }
            var push = long.MaxValue;
            for (var node = sink; node != source; node = previous[node])
            {
                push = Math.Min(push, capacity[previous[node], node]);
            }
            for (var node = sink; node != source; node = previous[node])
            {
                capacity[previous[node], node] -= push;
                capacity[node, previous[node]] += push;
            }
            flow += push;
        }
    }
}
