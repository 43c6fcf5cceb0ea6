using System.ComponentModel.DataAnnotations;

namespace Yisp.Identity;

/// <summary>
/// How guessing is slowed at the token endpoint and the sign-in page: after so many failures in a row for one user name,
/// client id or caller address, that key waits <see cref="FirstDelay"/>, then twice as long after each further failure,
/// up to <see cref="MaxDelay"/>. A success clears the user's and the client's count. Kept in memory per replica.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "SignInThrottle";

    /// <summary>Wrong passwords in a row for one user name (whichever client or address they came through).</summary>
    [Range(1, 1_000)]
    public int UserFailures { get; set; } = 5;

    /// <summary>Wrong or unknown client credentials in a row for one client id.</summary>
    [Range(1, 1_000)]
    public int ClientFailures { get; set; } = 10;

    /// <summary>Failures of any kind in a row from one address (an IPv6 /64): higher, as many people may share one.</summary>
    [Range(1, 100_000)]
    public int AddressFailures { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A key with no failure for this long starts again from nothing.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Keys kept before stale ones are swept out, so spraying made-up names cannot grow memory without bound.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxTrackedKeys { get; set; } = 100_000;
}
