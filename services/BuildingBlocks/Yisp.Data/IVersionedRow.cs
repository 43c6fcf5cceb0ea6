namespace Yisp.Data;

/// <summary>A row updated only at the version it was read at (optimistic concurrency, the ETag callers see).</summary>
public interface IVersionedRow
{
    int Version { get; set; }
}
