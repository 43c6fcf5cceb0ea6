using FluentMigrator;

namespace Yisp.Messaging.Migrations;

/// <summary>
/// One row every relay of the database (each lane of each replica) locks for its batch: relays take turns, so events
/// reach the broker in the order their transactions wrote them (a case's notices never overtake each other).
/// </summary>
[Migration(202612071101, "Outbox: relays take turns")]
public sealed class M202612071101_OutboxRelayTurn : Migration
{
    public override void Up()
    {
        Create.Table("outbox_relay_turn")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_outbox_relay_turn");
        Insert.IntoTable("outbox_relay_turn").Row(new { id = 1 });
    }

    public override void Down() => Delete.Table("outbox_relay_turn");
}
