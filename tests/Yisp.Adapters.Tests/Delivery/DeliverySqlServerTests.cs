using System.Reflection;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner.Generators.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Yisp.Adapters.Delivery.Data;
using Yisp.Adapters.Delivery.Data.Migrations;
using Yisp.Data.Dialects;

namespace Yisp.Adapters.Tests.Delivery;

/// <summary>No SQL Server runs here: every statement the delivery queue can send it, and its migration, must at least parse as T-SQL.</summary>
public sealed class DeliverySqlServerTests
{
    public static TheoryData<string, string> Statements()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in typeof(DeliverySql).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            data.Add($"DeliverySql.{field.Name}", (string)field.GetRawConstantValue()!);
        }
        data.Add("DeliverySql.Enqueue", DeliverySql.Enqueue(new SqlServerDialect()));
        var generator = new SqlServer2016Generator();
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = new MigrationContext(null!, services, null!);
        new M202612100101_WebhookDeliveries().GetUpExpressions(context);
        foreach (var (expression, i) in context.Expressions.Select((e, i) => (e, i)))
        {
            data.Add($"migration up #{i + 1}", (string)generator.Generate((dynamic)expression));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Parses_as_T_SQL(string name, string sql)
    {
        new TSql170Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);

        Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors.Select(e => e.Message))}\n{sql}");
    }

    [Fact]
    public void The_parser_refuses_what_only_PostgreSQL_takes()
    {
        new TSql170Parser(initialQuotedIdentifiers: true).Parse(new StringReader(DeliverySql.Enqueue(new PostgresDialect())), out var errors);

        Assert.NotEmpty(errors);
    }
}
