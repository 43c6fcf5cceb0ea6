using Yisp.Consent.Domain;
using Yisp.Data;

namespace Yisp.Consent.Data;

public sealed class ConsentRequestRow : IVersionedRow
{
    public Guid CaseId { get; set; }
    public string Agencies { get; set; } = "";
    public string RequiredParties { get; set; } = "";
    public string? CompetenceJudgement { get; set; }
    public string Status { get; set; } = "";
    public string? CloseReason { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<string> AgencyList => Agencies.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public IReadOnlyList<string> RequiredPartyList => RequiredParties.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public IReadOnlyList<ScopeItem> Scope => EffectiveConsent.ScopeOf(AgencyList);
}

public static class RequestStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
}

public sealed class DecisionRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string Party { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Agency { get; set; } = "";
    public bool Granted { get; set; }
    public bool Withdrawal { get; set; }
    public string RecordedBy { get; set; } = "";
    public string Method { get; set; } = "";
    public string? DocumentReference { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public bool ExpiryHandled { get; set; }
    public bool ReminderSent { get; set; }

    public DecisionRecord ToRecord() => new(Party, new ScopeItem(Purpose, Agency), Granted, Withdrawal, DecidedAt, ExpiresAt);
}

public sealed class EffectiveRow
{
    public string Purpose { get; set; } = "";
    public string Agency { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class DueRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
}
