using System.Reflection;
using FluentMigrator;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner.Generators.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using Yisp.Audit;
using Yisp.Consent.Data;
using Yisp.Data;
using Yisp.Data.Dialects;
using Yisp.Data.Idempotency;
using Yisp.Intervention.Data;
using Yisp.Messaging.Outbox;
using Yisp.Referral.Data;

namespace Yisp.Messaging.Tests.Support;

/// <summary>Every statement the platform can send to SQL Server, gathered for the T-SQL parser.</summary>
public static class SqlServerScripts
{
    public static readonly Assembly[] MigrationAssemblies =
        [typeof(MessagingExtensions).Assembly, typeof(AuditSql).Assembly, typeof(IdempotencySql).Assembly, typeof(ReferralSql).Assembly, typeof(ConsentSql).Assembly, typeof(InterventionSql).Assembly];

    public static IEnumerable<(string Name, string Sql)> Statements()
    {
        var dialect = new SqlServerDialect();
        foreach (var property in typeof(ISqlDialect).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            yield return ($"dialect {property.Name}", (string)property.GetValue(dialect)!);
        }
        foreach (var type in new[] { typeof(OutboxSql), typeof(Inbox.InboxSql), typeof(AuditSql), typeof(IdempotencySql), typeof(ReferralSql), typeof(ConsentSql), typeof(InterventionSql), typeof(PanelSql), typeof(PrivacySql), typeof(ErasureSql), typeof(Migrations.M202612080101_OutboxWriteOrder) })
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                yield return ($"{type.Name}.{field.Name}", (string)field.GetRawConstantValue()!);
            }
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                         .Where(m => m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(ISqlDialect)))
            {
                yield return ($"{type.Name}.{method.Name}", (string)method.Invoke(null, [dialect])!);
            }
        }
        yield return ("AuditSql.InsertBatch(2)", AuditSql.InsertBatch(2));
        yield return ("MultiRowInsert.Sql(in order)", MultiRowInsert.Sql("outbox_messages", ["id", "message_type", "created_at"], 2, inOrder: true));
        foreach (var migration in MigrationAssemblies.SelectMany(MigrationsIn))
        {
            foreach (var (direction, sql) in Generate(migration))
            {
                yield return ($"{migration.GetType().Name} {direction}", sql);
            }
        }
    }

    /// <summary>Dapper expands a list parameter (<c>IN @ids</c>) into one parameter per item before SQL Server sees it.</summary>
    public static string AsDapperSends(string sql) =>
        System.Text.RegularExpressions.Regex.Replace(sql, @"IN @(\w+)", "IN (@${1}1, @${1}2, @${1}3)");

    private static IEnumerable<IMigration> MigrationsIn(Assembly assembly) => assembly.GetTypes()
        .Where(t => typeof(IMigration).IsAssignableFrom(t) && t is { IsAbstract: false } && t.GetCustomAttribute<MigrationAttribute>() is not null)
        .Select(t => (IMigration)Activator.CreateInstance(t)!);

    private static IEnumerable<(string Direction, string Sql)> Generate(IMigration migration)
    {
        var generator = new SqlServer2016Generator();
        using var services = new ServiceCollection().BuildServiceProvider();
        var up = new MigrationContext(null!, services, null!);
        migration.GetUpExpressions(up);
        var down = new MigrationContext(null!, services, null!);
        migration.GetDownExpressions(down);
        // Alter.Table(...) adds a marker expression that emits nothing; its columns come as their own expressions. A step
        // that runs code (Execute.WithConnection) emits no text: its statements are public methods, listed above.
        return up.Expressions.Where(e => e is not (FluentMigrator.Expressions.AlterTableExpression or FluentMigrator.Expressions.PerformDBOperationExpression))
            .Select((e, i) => ($"up #{i + 1}", (string)generator.Generate((dynamic)e)))
            .Concat(down.Expressions.Select((e, i) => ($"down #{i + 1}", (string)generator.Generate((dynamic)e))));
    }
}
