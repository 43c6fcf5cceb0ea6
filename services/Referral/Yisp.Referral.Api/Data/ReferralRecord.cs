using Yisp.Data;

namespace Yisp.Referral.Data;

/// <summary>A referral row. <see cref="SealedIdentity"/> is the encrypted identifying part; everything else identifies no one.</summary>
public sealed class ReferralRecord : IVersionedRow
{
    public Guid Id { get; set; }
    public Guid? CaseId { get; set; }
    public Guid? CandidateCaseId { get; set; }
    public string MatchState { get; set; } = "";
    public string ReferringAgency { get; set; } = "";
    public string Status { get; set; } = "";
    public string? CloseReason { get; set; }
    public string ScreeningOutcome { get; set; } = "";
    public string ScreeningReasons { get; set; } = "";
    public bool ScreeningOverridden { get; set; }
    public string Urgency { get; set; } = "";
    public string RiskFactors { get; set; } = "";
    public string AgenciesInvolved { get; set; } = "";
    public int AgeAtReferral { get; set; }
    public string PostcodeDistrict { get; set; } = "";
    public string SealedIdentity { get; set; } = "";

    /// <summary>The referral's data key sealed under a service key (read with the row, stored in referral_keys); null once erased or before re-sealing moved a first-format row.</summary>
    public string? SealedKey { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When retention erased the referral's identifying data and free text; ids, codes and dates remain.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<string> RiskFactorList => Split(RiskFactors);
    public IReadOnlyList<string> AgenciesInvolvedList => Split(AgenciesInvolved);
    public IReadOnlyList<string> ScreeningReasonList => ScreeningReasons.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string Join(IEnumerable<string> values) => string.Join(',', values);

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public static class MatchState
{
    public const string NewCase = "new-case";
    public const string Linked = "linked";
    public const string Pending = "pending-review";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";
}

public sealed record ReferralSummary(Guid Id, Guid? CaseId, string ReferringAgency, string Status, string? CloseReason,
    string ScreeningOutcome, string Urgency, string MatchState, DateTimeOffset ReceivedAt, int Version);

public sealed record MatchRow(string KeyType, string KeyHash, Guid CaseId);
