namespace Yisp.Referral.Domain;

public static class ReferralStatus
{
    public const string Received = "received";
    public const string Screened = "screened";
    public const string AwaitingConsent = "awaiting-consent";
    public const string Accepted = "accepted";
    public const string Closed = "closed";

    public static readonly IReadOnlySet<string> All =
        new HashSet<string>(StringComparer.Ordinal) { Received, Screened, AwaitingConsent, Accepted, Closed };
}

public static class CloseReason
{
    public const string Ineligible = "ineligible";
    public const string ConsentRefused = "consent-refused";
    public const string ConsentWithdrawn = "consent-withdrawn";
    public const string Withdrawn = "withdrawn-by-referrer";
    public const string Merged = "merged";
    public const string CaseClosed = "case-closed";
}

/// <summary>Which status may follow which. Anything else is a 409 for the caller.</summary>
public static class ReferralLifecycle
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [ReferralStatus.Received] = [ReferralStatus.Screened, ReferralStatus.AwaitingConsent, ReferralStatus.Closed],
        [ReferralStatus.Screened] = [ReferralStatus.AwaitingConsent, ReferralStatus.Closed],
        [ReferralStatus.AwaitingConsent] = [ReferralStatus.Accepted, ReferralStatus.Closed],
        [ReferralStatus.Accepted] = [ReferralStatus.Closed],
        [ReferralStatus.Closed] = [],
    };

    public static bool CanMove(string from, string to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>A referrer may withdraw until consent is given; after that the case belongs to the panel.</summary>
    public static bool CanWithdraw(string status) => status is ReferralStatus.Received or ReferralStatus.Screened or ReferralStatus.AwaitingConsent;

    /// <summary>A coordinator may override screening while the referral waits for review or was closed as ineligible.</summary>
    public static bool CanOverrideScreening(string status, string? closeReason) =>
        status is ReferralStatus.Screened or ReferralStatus.AwaitingConsent
        || (status == ReferralStatus.Closed && closeReason == CloseReason.Ineligible);

    /// <summary>The status a screening outcome puts a referral in.</summary>
    public static (string Status, string? CloseReason) After(string outcome) => outcome switch
    {
        Screening.ScreeningOutcome.Eligible => (ReferralStatus.AwaitingConsent, null),
        Screening.ScreeningOutcome.Ineligible => (ReferralStatus.Closed, CloseReason.Ineligible),
        _ => (ReferralStatus.Screened, null),
    };
}
