namespace Yisp.Contracts.Consent;

/// <summary>Consent purposes, on the wire.</summary>
public static class ConsentPurpose
{
    public const string Assessment = "assessment";
    public const string Sharing = "sharing";
    public const string Intervention = "intervention";
}

/// <summary>Effective consent now covers these purposes and (for sharing) these agencies.</summary>
public sealed record ConsentGranted(Guid CaseId, IReadOnlyList<string> Purposes, IReadOnlyList<string> Agencies, DateTimeOffset GrantedAt);

/// <summary>A required party refused: nothing is shared and no support starts.</summary>
public sealed record ConsentRefused(Guid CaseId, DateTimeOffset RefusedAt);

/// <summary>Consent was withdrawn, wholly or for some purposes and agencies; sharing they covered stops at once.</summary>
public sealed record ConsentWithdrawn(
    Guid CaseId,
    bool Whole,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<string> Agencies,
    DateTimeOffset WithdrawnAt);

/// <summary>The effective scope changed without a withdrawal (a further grant widened it).</summary>
public sealed record ConsentChanged(Guid CaseId, IReadOnlyList<string> Purposes, IReadOnlyList<string> Agencies, DateTimeOffset ChangedAt);

/// <summary>Grants reached their expiry; what they covered is no longer consented.</summary>
public sealed record ConsentExpired(Guid CaseId, IReadOnlyList<string> Purposes, IReadOnlyList<string> Agencies, DateTimeOffset ExpiredAt);

/// <summary>A grant expires soon: time to ask the family again.</summary>
public sealed record ConsentExpiring(Guid CaseId, string Purpose, string? Agency, DateTimeOffset ExpiresAt);

/// <summary>Request: may <paramref name="Agency"/> receive data about the case for <paramref name="Purpose"/> now?</summary>
public sealed record CheckConsent(Guid CaseId, string Agency, string Purpose);

public sealed record ConsentCheckResult(Guid CaseId, string Agency, string Purpose, bool Allowed, DateTimeOffset? ExpiresAt);
