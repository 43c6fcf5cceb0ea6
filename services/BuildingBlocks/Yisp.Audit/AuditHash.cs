using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Yisp.Audit;

/// <summary>
/// HMAC-SHA256 over a record's fields and its predecessor's hash. Keyed, so that someone who can write
/// to the database but does not hold the key cannot rewrite a record and re-chain everything after it.
/// </summary>
public static class AuditHash
{
    public static readonly string Genesis = new('0', 64);

    public static string Compute(byte[] key, AuditRecord record)
    {
        var fields = new object?[]
        {
            record.Sequence, Canonical(record.RecordedAt).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            record.ClientId, record.Agency, record.UserName, record.ResourceType, record.ResourceId, record.OwnerAgency,
            record.Action, record.Purpose, record.Outcome, record.CorrelationId, record.PreviousHash,
        };
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields))));
    }

    /// <summary>The chain head's own MAC, over where it points.</summary>
    public static string ComputeHead(byte[] key, long lastSequence, string lastHash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"head\n{lastSequence}\n{lastHash}")));

    /// <summary>Microseconds in UTC: what both PostgreSQL and SQL Server give back unchanged.</summary>
    public static DateTimeOffset Canonical(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
