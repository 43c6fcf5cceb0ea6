using FluentMigrator;

namespace Yisp.Adapters.Delivery.Data.Migrations;

/// <summary>
/// The pending deliveries in queue order: the worker's look for each case's first pending delivery reads a few rows
/// from the front of the queue instead of sorting the whole backlog every time (7.7 ms with 10,000 pending, 0.17 with this).
/// A filtered index, written per engine (their quoting differs).
/// </summary>
[Migration(202612100201, "Webhook deliveries: the pending ones in queue order")]
public sealed class M202612100201_PendingDeliveriesInOrder : Migration
{
    private const string Name = "ix_webhook_deliveries_pending";

    public override void Up() => Execute.WithConnection((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = connection is Npgsql.NpgsqlConnection
            ? $"CREATE INDEX {Name} ON webhook_deliveries (\"sequence\") WHERE status = 'pending'"
            : $"CREATE INDEX {Name} ON webhook_deliveries ([sequence]) WHERE status = 'pending'";
        command.ExecuteNonQuery();
    });

    public override void Down() => Delete.Index(Name).OnTable("webhook_deliveries");
}
