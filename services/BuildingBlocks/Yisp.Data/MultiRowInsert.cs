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

    public static async Task InsertAsync<T>(DbConnection connection, DbTransaction transaction, RowColumns<T> columns, IReadOnlyCollection<T> rows,
        CancellationToken cancellationToken)
    {
        var perStatement = Math.Min(MaxRows, MaxParameters / columns.Columns.Count);
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var (sql, parameters) = Statement(columns, chunk);
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    private static (string Sql, DynamicParameters Parameters) Statement<T>(RowColumns<T> columns, T[] rows)
    {
        var parameters = new DynamicParameters();
        var values = new List<string>(rows.Length);
        for (var r = 0; r < rows.Length; r++)
        {
            var names = new List<string>(columns.Columns.Count);
            for (var c = 0; c < columns.Columns.Count; c++)
            {
                var name = $"p{r}_{c}";
                parameters.Add(name, columns.Columns[c].Value(rows[r]));
                names.Add("@" + name);
            }
            values.Add("(" + string.Join(", ", names) + ")");
        }
        var sql = $"INSERT INTO {columns.Table} ({string.Join(", ", columns.Columns.Select(c => c.Name))}) VALUES {string.Join(",\n", values)}";
        return (sql, parameters);
    }
}
