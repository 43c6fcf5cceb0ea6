namespace Yisp.Reporting.Domain.Disclosure;

/// <summary>
/// The table with its margins as one (rows + 1) x (columns + 1) grid: row totals in the last column, column totals
/// in the last row, the grand total in the corner. Every row and every column of the grid is a constraint a reader
/// can use (its cells add up to its total). Margins the table does not publish are free: unknown, so the constraints
/// through them tell the reader nothing.
/// </summary>
internal sealed class SuppressionGrid
{
    private const long TotalPenalty = 1_000_000_000;

    private readonly long[,] _value;
    private readonly Suppression[,] _state;
    private readonly bool[,] _free;
    private readonly DisclosureRules _rules;

    public SuppressionGrid(FigureTable table, DisclosureRules rules)
    {
        _rules = rules;
        Rows = table.RowLabels.Count;
        Columns = table.ColumnLabels.Count;
        ShowsRowTotals = table.Totals is TotalsShown.Rows or TotalsShown.Both;
        ShowsColumnTotals = table.Totals is TotalsShown.Columns or TotalsShown.Both;
        _value = new long[Rows + 1, Columns + 1];
        _state = new Suppression[Rows + 1, Columns + 1];
        _free = new bool[Rows + 1, Columns + 1];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                long count = table.Counts[r][c];
                _value[r, c] = count;
                _value[r, Columns] += count;
                _value[Rows, c] += count;
                _value[Rows, Columns] += count;
            }
        }
        for (var r = 0; r <= Rows; r++)
        {
            for (var c = 0; c <= Columns; c++)
            {
                _free[r, c] = (r == Rows && !ShowsColumnTotals) || (c == Columns && !ShowsRowTotals);
                if (!_free[r, c] && IsSmall(r, c))
                {
                    _state[r, c] = Suppression.Primary;
                }
            }
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    public bool ShowsRowTotals { get; }

    public bool ShowsColumnTotals { get; }

    public Suppression Reason(int row, int column) => _state[row, column];

    public PublishedValue Published(int row, int column)
    {
        if (_state[row, column] != Suppression.None)
        {
            return PublishedValue.Suppressed(_rules.Marker, _state[row, column]);
        }
        var value = _value[row, column];
        return PublishedValue.Of(IsMargin(row, column) ? Round(value) : value);
    }

    /// <summary>Secondary suppression until every suppressed figure has at least two values consistent with what is shown.</summary>
    public void Protect()
    {
        while (SuppressLoneFigure() || CloseExposedFigure())
        {
        }
    }

    private bool IsSmall(int row, int column)
    {
        var value = _value[row, column];
        return value >= 1 && (value <= _rules.SuppressUpTo || (IsMargin(row, column) && Round(value) == 0));
    }

    private long Round(long value) =>
        _rules.RoundTotalsTo == 1
            ? value
            : (long)Math.Round((decimal)value / _rules.RoundTotalsTo, MidpointRounding.AwayFromZero) * _rules.RoundTotalsTo;

    private bool IsMargin(int row, int column) => row == Rows || column == Columns;

    private bool IsSuppressed(int row, int column) => _state[row, column] != Suppression.None;

    /// <summary>The first row or column with exactly one suppressed figure gets its next smallest non-zero figure suppressed.</summary>
    private bool SuppressLoneFigure()
    {
        for (var line = 0; line <= Rows + Columns + 1; line++)
        {
            var cells = Line(line);
            if (cells.Any(cell => _free[cell.Row, cell.Column]) || cells.Count(cell => IsSuppressed(cell.Row, cell.Column)) != 1)
            {
                continue;
            }
            // The line's own total (its last figure) only when no other figure can be suppressed.
            var next = cells
                .Select((cell, index) => (cell, isTotal: index == cells.Count - 1))
                .Where(x => !IsSuppressed(x.cell.Row, x.cell.Column) && _value[x.cell.Row, x.cell.Column] > 0)
                .OrderBy(x => x.isTotal)
                .ThenBy(x => _value[x.cell.Row, x.cell.Column])
                .Select(x => (Cell?)x.cell)
                .FirstOrDefault();
            if (next is { } cell)
            {
                _state[cell.Row, cell.Column] = Suppression.Secondary;
                return true;
            }
        }
        return false;
    }

    private List<Cell> Line(int line) => line <= Rows
        ? Enumerable.Range(0, Columns + 1).Select(c => new Cell(line, c)).ToList()
        : Enumerable.Range(0, Rows + 1).Select(r => new Cell(r, line - Rows - 1)).ToList();

    /// <summary>Finds a suppressed figure a reader could work out and suppresses the cheapest cycle that hides it.</summary>
    private bool CloseExposedFigure()
    {
        for (var r = 0; r <= Rows; r++)
        {
            for (var c = 0; c <= Columns; c++)
            {
                if (!IsSuppressed(r, c) || !IsExposed(r, c))
                {
                    continue;
                }
                Cell[]? best = null;
                var bestCost = long.MaxValue;
                foreach (var rowToColumn in new[] { true, false })
                {
                    if (!CanShift(r, c, rowToColumn, allowShown: false))
                    {
                        continue;
                    }
                    var (from, to) = rowToColumn ? (ColumnNode(c), RowNode(r)) : (RowNode(r), ColumnNode(c));
                    if (ShortestPath(from, to, new Cell(r, c), allowShown: true) is { } path && path.Cost < bestCost)
                    {
                        (best, bestCost) = (path.Cells, path.Cost);
                    }
                }
                if (best is null)
                {
                    throw new InvalidOperationException("No cycle of figures can hide a suppressed figure; the table's totals are inconsistent.");
                }
                foreach (var cell in best.Where(cell => !IsSuppressed(cell.Row, cell.Column) && !_free[cell.Row, cell.Column]))
                {
                    _state[cell.Row, cell.Column] = Suppression.Secondary;
                }
                return true;
            }
        }
        return false;
    }

    /// <summary>True when no shift of the suppressed (and unpublished) figures moves this one: its value can be worked out.</summary>
    private bool IsExposed(int row, int column)
    {
        foreach (var rowToColumn in new[] { true, false })
        {
            if (!CanShift(row, column, rowToColumn, allowShown: false))
            {
                continue;
            }
            var (from, to) = rowToColumn ? (ColumnNode(column), RowNode(row)) : (RowNode(row), ColumnNode(column));
            if (ShortestPath(from, to, new Cell(row, column), allowShown: false) is not null)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Whether the figure can take part in a shift by one, taken from its row to its column (or back). With margins
    /// counted negatively every row and column of the grid sums to zero, so a shift alternates +1 and -1 along a
    /// cycle; a figure going down must stay at least 1 (the reader knows a marker is not 0), one going up always can.
    /// </summary>
    private bool CanShift(int row, int column, bool rowToColumn, bool allowShown)
    {
        if (_free[row, column])
        {
            return true;
        }
        if (!IsSuppressed(row, column) && (!allowShown || _value[row, column] == 0))
        {
            return false;
        }
        var sign = (row == Rows) ^ (column == Columns) ? -1 : 1;
        var change = rowToColumn ? sign : -sign;
        return change > 0 || _value[row, column] >= 2;
    }

    private long Cost(int row, int column)
    {
        if (_free[row, column] || IsSuppressed(row, column))
        {
            return 0;
        }
        var penalty = (row == Rows ? TotalPenalty : 0) + (column == Columns ? TotalPenalty : 0);
        return _value[row, column] + penalty;
    }

    private int RowNode(int row) => row;

    private int ColumnNode(int column) => Rows + 1 + column;

    /// <summary>Dijkstra over rows and columns: a figure joins its row and its column, costing what suppressing it would.</summary>
    private (Cell[] Cells, long Cost)? ShortestPath(int from, int to, Cell without, bool allowShown)
    {
        var nodes = Rows + Columns + 2;
        var distance = Enumerable.Repeat(long.MaxValue, nodes).ToArray();
        var via = new Cell?[nodes];
        var previous = new int[nodes];
        var done = new bool[nodes];
        distance[from] = 0;
        while (true)
        {
            var node = -1;
            for (var n = 0; n < nodes; n++)
            {
                if (!done[n] && distance[n] != long.MaxValue && (node < 0 || distance[n] < distance[node]))
                {
                    node = n;
                }
            }
            if (node < 0)
            {
                return null;
            }
            if (node == to)
            {
                break;
            }
            done[node] = true;
            var isRow = node <= Rows;
            var count = isRow ? Columns + 1 : Rows + 1;
            for (var k = 0; k < count; k++)
            {
                var cell = isRow ? new Cell(node, k) : new Cell(k, node - Rows - 1);
                var next = isRow ? ColumnNode(k) : RowNode(k);
                if (cell == without || done[next] || !CanShift(cell.Row, cell.Column, rowToColumn: isRow, allowShown))
                {
                    continue;
                }
                var cost = distance[node] + Cost(cell.Row, cell.Column);
                if (cost < distance[next])
                {
                    distance[next] = cost;
                    via[next] = cell;
                    previous[next] = node;
                }
            }
        }
        var cells = new List<Cell>();
        for (var node = to; node != from; node = previous[node])
        {
            cells.Add(via[node]!.Value);
        }
        return (cells.ToArray(), distance[to]);
    }

    private readonly record struct Cell(int Row, int Column);
}
