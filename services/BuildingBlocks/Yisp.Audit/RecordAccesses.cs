namespace Yisp.Audit;

/// <summary>
/// One access to a child's record as a subject access package shows it: when, which agency and system, what and why.
/// The person's user name is left out (a practitioner's identity is a third party's data).
/// </summary>
public sealed record RecordAccess(DateTimeOffset At, string Agency, string ClientId, string Action, string Purpose, string Outcome);

public static class RecordAccesses
{
    private const int Page = 500;

    /// <summary>Every audit record of calls on these records (by resource id), oldest first.</summary>
    public static async Task<IReadOnlyList<RecordAccess>> AccessesAsync(this AuditTrail trail, IEnumerable<string> resourceIds, CancellationToken cancellationToken)
    {
        var accesses = new List<(long Sequence, RecordAccess Access)>();
        foreach (var resourceId in resourceIds.Distinct(StringComparer.Ordinal))
        {
            long after = 0;
            while (true)
            {
                var records = await trail.QueryAsync(new AuditQuery(ResourceId: resourceId, After: after, Limit: Page), cancellationToken);
                accesses.AddRange(records.Select(r => (r.Sequence, new RecordAccess(r.RecordedAt, r.Agency, r.ClientId, r.Action, r.Purpose, r.Outcome))));
                if (records.Count < Page)
                {
                    break;
                }
                after = records[^1].Sequence;
            }
        }
        return [.. accesses.OrderBy(a => a.Sequence).Select(a => a.Access)];
    }
}
