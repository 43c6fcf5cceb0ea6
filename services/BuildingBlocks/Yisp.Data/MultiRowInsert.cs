using System.Data.Common;
using Dapper;

namespace Yisp.Data;

/// <summary>A table's columns and how to read each from a row object, for inserting many rows a statement.</summary>
public sealed record RowColumns<T>(string Table, IReadOnlyList<(string Name, Func<T, object?> Value)> Columns);

/// <summary>
/// Inserts rows many to a statement (portable: one VALUES list), in chunks that stay under SQL Server's 2,100
/// parameters and 1,000 rows: a few round trips where one insert per row would make thousands.
/// </summary>
public static class MultiRowInsert
{
    private const int MaxParameters = 2000;
    private const int MaxRows = 1000;

    /// <param name="inOrder">
    /// Whether an identity column numbers the rows in the order given: SQL Server promises it only for
    /// <c>INSERT ... SELECT ... ORDER BY</c>, so the rows are then selected from their VALUES list by position.
    /// </param>
    public static async Task InsertAsync<T>(DbConnection connection, DbTransaction transaction, RowColumns<T> columns, IReadOnlyCollection<T> rows,
        CancellationToken cancellationToken, bool inOrder = false)
    {
        var perStatement = Math.Min(MaxRows, MaxParameters / columns.Columns.Count); // the written order is a literal, not a parameter
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var (sql, parameters) = Statement(columns, chunk, inOrder);
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    private static (string Sql, DynamicParameters Parameters) Statement<T>(RowColumns<T> columns, T[] rows, bool inOrder)
    {
        var parameters = new DynamicParameters();
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < columns.Columns.Count; c++)
            {
                parameters.Add($"p{r}_{c}", columns.Columns[c].Value(rows[r]));
            }
        }
        return (Sql(columns.Table, [.. columns.Columns.Select(c => c.Name)], rows.Length, inOrder), parameters);
    }

    /// <summary>The statement for <paramref name="rowCount"/> rows, parameters named <c>@p{row}_{column}</c>.</summary>
    public static string Sql(string table, IReadOnlyList<string> columns, int rowCount, bool inOrder)
    {
        var values = Enumerable.Range(0, rowCount).Select(r =>
        {
            var cells = columns.Select((_, c) => $"@p{r}_{c}");
            return "(" + string.Join(", ", inOrder ? cells.Append(r.ToString(System.Globalization.CultureInfo.InvariantCulture)) : cells) + ")";
        });
        var columnList = string.Join(", ", columns);
        return inOrder
            ? $"INSERT INTO {table} ({columnList}) SELECT {columnList} FROM (VALUES {string.Join(",\n", values)}) AS v ({columnList}, written_order) ORDER BY written_order"
            : $"INSERT INTO {table} ({columnList}) VALUES {string.Join(",\n", values)}";
    }
}
