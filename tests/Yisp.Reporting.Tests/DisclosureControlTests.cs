using Yisp.Reporting.Domain.Disclosure;

namespace Yisp.Reporting.Tests;

public sealed class DisclosureControlTests
{
    private static readonly DisclosureRules Exact = new() { RoundTotalsTo = 1 };

    private static FigureTable Grid(int[][] counts, TotalsShown totals = TotalsShown.Both) => new(
        "Table", "Definition", "Row",
        counts.Select((_, r) => $"r{r}").ToList(),
        counts[0].Select((_, c) => $"c{c}").ToList(),
        counts.Select(row => (IReadOnlyList<int>)row).ToList(),
        totals);

    private static FigureTable List(params int[] counts) =>
        FigureTable.List("Referrals by agency", "Referrals received", "Agency", "Referrals", counts.Select((_, i) => $"agency {i}").ToList(), counts);

    private static string[] Shown(IEnumerable<PublishedValue> values) => values.Select(v => v.ToString()).ToArray();

    private static Suppression[] Reasons(IEnumerable<PublishedValue> values) => values.Select(v => v.Suppression).ToArray();

    [Fact]
    public void Counts_from_1_to_5_are_suppressed_and_0_and_6_are_shown()
    {
        var published = DisclosureControl.Apply(List(0, 1, 2, 3, 4, 5, 6, 40) with { Totals = TotalsShown.None }, DisclosureRules.Default);

        Assert.Equal(["0", "c", "c", "c", "c", "c", "6", "40"], Shown(published.Cells.Select(row => row[0])));
        Assert.All(published.Cells.Skip(1).Take(5), row => Assert.Equal(Suppression.Primary, row[0].Suppression));
        Assert.Null(published.RowTotals);
        Assert.Null(published.ColumnTotals);
        Assert.Null(published.GrandTotal);
    }

    [Fact]
    public void The_threshold_and_the_marker_are_configurable()
    {
        var rules = new DisclosureRules { SuppressUpTo = 3, Marker = "[c]" };

        var published = DisclosureControl.Apply(List(1, 3, 4, 10) with { Totals = TotalsShown.None }, rules);

        Assert.Equal(["[c]", "[c]", "4", "10"], Shown(published.Cells.Select(row => row[0])));
    }

    [Fact]
    public void Bad_rules_and_bad_tables_are_refused()
    {
        Assert.ThrowsAny<Exception>(() => DisclosureControl.Apply(List(1, 2), new DisclosureRules { SuppressUpTo = 0 }));
        Assert.ThrowsAny<Exception>(() => DisclosureControl.Apply(List(1, 2), new DisclosureRules { Marker = "5" }));
        Assert.Throws<ArgumentException>(() => DisclosureControl.Apply(List(1, -2), DisclosureRules.Default));
        Assert.Throws<ArgumentException>(() => DisclosureControl.Apply(
            List(7, 8) with { Derived = [new DerivedColumn("Rate", [new DerivedValue(1m, CountBase.RowTotal), null])] },
            DisclosureRules.Default));
    }

    [Fact]
    public void A_lone_suppressed_figure_in_a_list_takes_the_next_smallest_with_it()
    {
        var published = DisclosureControl.Apply(List(3, 40, 12, 50, 0), Exact);

        Assert.Equal(["c", "40", "c", "50", "0"], Shown(published.Cells.Select(row => row[0])));
        Assert.Equal(Suppression.Secondary, published.Cells[2][0].Suppression);
        Assert.Equal(["105"], Shown(published.ColumnTotals!));
    }

    [Fact]
    public void Two_ones_cannot_hide_behind_their_total_so_a_third_figure_goes()
    {
        // 1 + 1 = 22 - 20: a reader who knows a marker is at least 1 would know both were 1.
        var published = DisclosureControl.Apply(List(1, 1, 20, 30), Exact);

        Assert.Equal(["c", "c", "c", "30"], Shown(published.Cells.Select(row => row[0])));
        Assert.Equal(Suppression.Secondary, published.Cells[2][0].Suppression);
    }

    [Fact]
    public void Secondary_suppression_runs_along_rows_and_columns()
    {
        var published = DisclosureControl.Apply(Grid([[3, 10, 12], [20, 30, 40]]), Exact);

        // 3 forces 10 (its row); then 3 and 10 each stand alone in a column and take 20 and 30 below them.
        Assert.Equal(["c", "c", "12"], Shown(published.Cells[0]));
        Assert.Equal(["c", "c", "40"], Shown(published.Cells[1]));
        Assert.Equal([Suppression.Primary, Suppression.Secondary, Suppression.None], Reasons(published.Cells[0]));
        Assert.Equal(["25", "90"], Shown(published.RowTotals!));
        Assert.Equal(["23", "40", "52"], Shown(published.ColumnTotals!));
        Assert.Equal("115", published.GrandTotal!.ToString());
    }

    [Fact]
    public void A_chain_of_suppressions_crosses_rows_and_columns_until_stable()
    {
        // 2 at (0,0) pulls 8 at (0,1); column 1 then pulls 9 at (1,1); row 1 pulls 11 at (1,2); column 2 pulls 13 at (2,2);
        // row 2 pulls 14 at (2,0); column 0 now has two.
        var published = DisclosureControl.Apply(Grid([[2, 8, 50], [60, 9, 11], [14, 70, 13]]), Exact);

        Assert.Equal(["c", "c", "50"], Shown(published.Cells[0]));
        Assert.Equal(["60", "c", "c"], Shown(published.Cells[1]));
        Assert.Equal(["c", "70", "c"], Shown(published.Cells[2]));
        Assert.Equal(["60", "80", "97"], Shown(published.RowTotals!));
        Assert.Equal(Suppression.Primary, published.Cells[0][0].Suppression);
        Assert.Equal(5, published.Cells.SelectMany(row => row).Count(v => v.Suppression == Suppression.Secondary));
    }

    [Fact]
    public void A_row_whose_cells_are_all_suppressed_still_shows_its_total()
    {
        var published = DisclosureControl.Apply(Grid([[4, 4], [10, 12]]), Exact);

        Assert.Equal(["c", "c"], Shown(published.Cells[0]));
        Assert.Equal(["c", "c"], Shown(published.Cells[1]));
        Assert.Equal(["8", "22"], Shown(published.RowTotals!));
        Assert.Equal(["14", "16"], Shown(published.ColumnTotals!));
    }

    [Fact]
    public void Totals_are_rounded_to_the_nearest_five_and_a_small_total_is_suppressed()
    {
        var published = DisclosureControl.Apply(Grid([[0, 0, 3], [22, 41, 7], [12, 13, 10]]), DisclosureRules.Default);

        // 3 = 110 - 70 - 35 exactly, so the next smallest row total goes with it.
        Assert.Equal(["c", "70", "c"], Shown(published.RowTotals!));
        Assert.Equal([Suppression.Primary, Suppression.None, Suppression.Secondary], Reasons(published.RowTotals!));
        Assert.Equal(["35", "55", "20"], Shown(published.ColumnTotals!));
        Assert.Equal("110", published.GrandTotal!.ToString());
        // Cells are never rounded.
        Assert.Equal(["c", "41", "c"], Shown(published.Cells[1]));
    }

    [Fact]
    public void A_total_that_would_round_to_zero_is_suppressed()
    {
        var published = DisclosureControl.Apply(Grid([[2, 2], [20, 30]], TotalsShown.Rows), new DisclosureRules { SuppressUpTo = 1, RoundTotalsTo = 10 });

        Assert.Equal(Suppression.Primary, published.RowTotals![0].Suppression);
        Assert.Equal("50", published.RowTotals![1].ToString());
    }

    [Fact]
    public void Derived_figures_are_suppressed_with_their_base_count()
    {
        var table = List(3, 8, 40, 0) with
        {
            Derived =
            [
                new DerivedColumn("Mean days to panel", [
                    new DerivedValue(12.5m, CountBase.Cell(0)),
                    new DerivedValue(20m, CountBase.Cell(0)),
                    new DerivedValue(18.25m, CountBase.Cell(0)),
                    new DerivedValue(null, CountBase.Cell(0)),
                ]),
                new DerivedColumn("Closed with a plan achieved (%)", [
                    new DerivedValue(50m, CountBase.Count(2)),
                    new DerivedValue(75m, CountBase.Count(6)),
                    null,
                    new DerivedValue(0m, CountBase.Count(0)),
                ]),
            ],
        };

        var published = DisclosureControl.Apply(table, Exact);

        var mean = published.Derived[0].Values;
        Assert.Equal(["c", "c", "18.25"], Shown(mean.Take(3).Select(v => v!)));
        Assert.Equal([Suppression.Primary, Suppression.Secondary], Reasons(mean.Take(2).Select(v => v!)));
        Assert.Null(mean[3]);
        var share = published.Derived[1].Values;
        Assert.Equal("c", share[0]!.ToString());
        Assert.Equal("75", share[1]!.ToString());
        Assert.Null(share[2]);
        Assert.Equal("0", share[3]!.ToString());
    }

    [Fact]
    public void A_derived_figure_on_a_row_total_follows_the_row_total()
    {
        var table = Grid([[1, 2], [20, 30]], TotalsShown.Rows) with
        {
            Derived = [new DerivedColumn("Rate per 10,000", [new DerivedValue(0.9m, CountBase.RowTotal), new DerivedValue(15m, CountBase.RowTotal)])],
        };

        var published = DisclosureControl.Apply(table, DisclosureRules.Default);

        Assert.Equal(["c", "50"], Shown(published.RowTotals!));
        Assert.Equal(["c", "15"], Shown(published.Derived[0].Values.Select(v => v!)));
    }
}
