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
