using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Yisp.Data;
using Yisp.Data.Dialects;
using Yisp.Data.Idempotency;
using Yisp.Data.Migrations;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

public sealed class IdempotencyRecordTests
{
    /// <summary>Every create with a key finds and completes its record by the whole key: a scan of a client's keys grows with its day's traffic.</summary>
    [Theory]
    [InlineData(IdempotencySql.Find)]
    [InlineData(IdempotencySql.Complete)]
    [InlineData(IdempotencySql.Release)]
    public async Task A_statement_on_one_key_finds_it_by_the_primary_key(string statement)
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = Options.Create(new DatabaseOptions { ConnectionString = database.ConnectionString });
        await new SchemaMigrator(options, new PostgresDialect(), [new MigrationAssembly(typeof(IdempotencyStore).Assembly)],
            NullLogger<SchemaMigrator>.Instance).MigrateAsync(default);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("SET enable_seqscan = off"); // a plan that can use the key does; one that cannot still scans

        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + statement, new
        {
            clientId = "police-system",
            keyHash = new string('a', 64),
            statusCode = 201,
            location = (string?)null,
            etag = (string?)null,
            body = "{}",
        }));

        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Matches("Index Cond: .*client_id.*key_hash", plan); // both columns of the key, not all of a client's keys filtered
    }
}
