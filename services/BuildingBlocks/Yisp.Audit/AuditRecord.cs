namespace Yisp.Audit;

public static class AuditOutcome
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>A token was presented but not accepted (expired, wrong issuer or audience, bad signature).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>Turned away by a rate limit.</summary>
    public const string Throttled = "throttled";
}

/// <summary>One access to child-level data: who, what, when, why, and whether it was allowed. No child's details.</summary>
public sealed record AuditEntry(
    string ClientId, string Agency, string? UserName, string ResourceType, string ResourceId, string? OwnerAgency,
    string Action, string Purpose, string Outcome, string? CorrelationId)
{
    /// <summary>Cut to the columns' sizes: an over-long claim from some identity provider must not fail the batch it shares.</summary>
    public static AuditEntry Bounded(string clientId, string agency, string? userName, string resourceType, string resourceId,
        string? ownerAgency, string action, string purpose, string outcome, string? correlationId) =>
        new(Cut(clientId, 100)!, Cut(agency, 50)!, Cut(userName, 100), Cut(resourceType, 50)!, Cut(resourceId, 100)!, Cut(ownerAgency, 50),
            Cut(action, 100)!, Cut(purpose, 50)!, outcome, Cut(correlationId, 128));

    private static string? Cut(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}

/// <summary>An entry as stored: numbered, timed and chained to the one before.</summary>
public sealed class AuditRecord
{
    public long Sequence { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string ClientId { get; set; } = "";
    public string Agency { get; set; } = "";
    public string? UserName { get; set; }
    public string ResourceType { get; set; } = "";
    public string ResourceId { get; set; } = "";
    public string? OwnerAgency { get; set; }
    public string Action { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
