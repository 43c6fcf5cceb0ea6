namespace Yisp.Reporting.Domain;

public static class ItemStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
}
