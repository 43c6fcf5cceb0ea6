using System.Globalization;

namespace Yisp.Reporting.Domain;

/// <summary>
/// Which work a set of figures covers: referrals received in [From, To), optionally only from some postcode
/// districts, one referring agency, one age band or one sex. A case belongs where its first referral does.
/// </summary>
public sealed record ReportFilter(DateTimeOffset From, DateTimeOffset To, IReadOnlySet<string> Districts, string? Agency, string? AgeBand, string? Sex)
{
    /// <summary>The same for equal filters (the districts' set compares by reference in the record's own equality).</summary>
    public string Key => string.Join('|', From.UtcTicks, To.UtcTicks, string.Join(',', Districts.Order(StringComparer.Ordinal)), Agency, AgeBand, Sex);

    /// <summary>
    /// A period as people name it: <c>2026-11</c> (a month), <c>2026-Q3</c> (a calendar quarter), <c>FY2026</c> (the
    /// financial year from 1 April 2026 to 31 March 2027). Null when <paramref name="period"/> is none of these.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To)? Period(string period)
    {
        if (period.StartsWith("FY", StringComparison.Ordinal) && int.TryParse(period[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var fy)
            && fy is >= 2000 and <= 2100)
        {
            var start = new DateTimeOffset(fy, 4, 1, 0, 0, 0, TimeSpan.Zero);
            return (start, start.AddYears(1));
        }
        if (period.Length == 7 && period[4] == '-' && period[5] == 'Q' && int.TryParse(period[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var qy)
            && period[6] is >= '1' and <= '4' && qy is >= 2000 and <= 2100)
        {
            var start = new DateTimeOffset(qy, ((period[6] - '1') * 3) + 1, 1, 0, 0, 0, TimeSpan.Zero);
            return (start, start.AddMonths(3));
        }
        if (DateTimeOffset.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var month))
        {
            var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
            return (start, start.AddMonths(1));
        }
        return null;
    }
}
