namespace Yisp.Adapters.Delivery;

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string DeadLettered = "dead-lettered";

    public static readonly IReadOnlyList<string> All = [Pending, Delivered, DeadLettered];
}
