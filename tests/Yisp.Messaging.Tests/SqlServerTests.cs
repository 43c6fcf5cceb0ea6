using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Yisp.Data;
using Yisp.Data.Dialects;
using Yisp.Data.Migrations;
using Yisp.Messaging.Tests.Support;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

/// <summary>
/// SQL Server is a supported engine that cannot run on every machine: every statement is parsed as
/// T-SQL everywhere, and run against a real server wherever one can be had.
/// </summary>
public sealed class SqlServerTests
{
    public static TheoryData<string> StatementNames() => [.. SqlServerScripts.Statements().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(StatementNames))]
    public void Every_statement_sent_to_SQL_Server_parses_as_T_SQL(string name)
    {
        var sql = SqlServerScripts.AsDapperSends(SqlServerScripts.Statements().Single(s => s.Name == name).Sql);

        Assert.False(string.IsNullOrWhiteSpace(sql), $"{name} generated no SQL");
        new TSql170Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);

        Assert.True(errors.Count == 0, $"{name}:\n{sql}\n{string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}"))}");
    }

    [Fact]
    public void The_parser_rejects_what_SQL_Server_would_reject()
    {
        new TSql170Parser(true).Parse(new StringReader("SELECT id FROM outbox_messages LIMIT 10"), out var errors);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void The_statement_list_covers_the_dialect_the_portable_statements_and_both_services_migrations()
    {
        var names = SqlServerScripts.Statements().Select(s => s.Name).ToList();
        Assert.Contains("OutboxSql.ClaimBatch", names);
        Assert.Contains("InboxSql.InsertReceipt", names);
        Assert.Contains("OutboxSql.InsertRow", names);
        Assert.Contains("ReferralSql.Insert", names);
        Assert.Contains(names, n => n.StartsWith("M202611260001_OutboxAndInbox up", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("M202611260101_Referrals up", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("M202611260201_Consent up", StringComparison.Ordinal));
        Assert.Contains("ConsentSql.Check", names);
        Assert.Contains(names, n => n.StartsWith("M202611260301_Interventions up", StringComparison.Ordinal));
    }

    [SqlServerFact]
    public async Task Migrations_and_the_outbox_statements_run_on_a_real_SQL_Server()
    {
        var server = await SqlServerEndpoint.ConnectionStringAsync();
        var name = $"yisp_test_{Guid.NewGuid():N}";
        await using (var master = new SqlConnection(server))
        {
            await master.ExecuteAsync($"CREATE DATABASE {name}");
        }
        var connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
        var dialect = new SqlServerDialect();
        var options = Options.Create(new DatabaseOptions { Engine = DatabaseEngine.SqlServer, ConnectionString = connectionString });
        var assemblies = SqlServerScripts.MigrationAssemblies.Select(a => new MigrationAssembly(a)).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            new SchemaMigrator(options, dialect, assemblies, NullLogger<SchemaMigrator>.Instance).MigrateAsync(default)));

        DapperTypeHandlers.Register();
        await using var connection = new SqlConnection(connectionString);
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await connection.ExecuteAsync(Outbox.OutboxSql.InsertRow,
            new { Id = id, MessageType = "t", Payload = "{}", CorrelationId = "c", CreatedAt = now.AddSeconds(-1) });
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.Equal(1, Assert.Single(await connection.QueryAsync<int>(Outbox.OutboxSql.TakeTurn(dialect), transaction: transaction)));
            var claimed = await connection.QueryAsync<Outbox.OutboxRow>(Outbox.OutboxSql.ClaimBatch(dialect), new { batchSize = 10, now }, transaction);
            Assert.Equal(id, Assert.Single(claimed).Id);
            await connection.ExecuteAsync(Outbox.OutboxSql.MarkSent(dialect), new { ids = dialect.IdList([id]), sentAt = now }, transaction);
            await transaction.CommitAsync();
        }
        var receipt = new { messageId = id, consumer = "test", processedAt = now };
        Assert.Equal(1, await connection.ExecuteAsync(Inbox.InboxSql.InsertReceipt(dialect), receipt));
        Assert.NotEqual(1, await connection.ExecuteAsync(Inbox.InboxSql.InsertReceipt(dialect), receipt));
    }
}
