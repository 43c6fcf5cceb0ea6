using System.Text.RegularExpressions;
using Yisp.Contracts;
using Yisp.Reporting.Domain;
using Yisp.ServiceDefaults.Http;

namespace Yisp.Reporting.Api;

/// <summary>Every request's validation for the reporting API; each failure names its field.</summary>
public static partial class ReportingValidation
{
    private static readonly string[] Referrers = [.. Agency.All.Order(StringComparer.Ordinal), "parent-carer", "young-person"];
    private static readonly string[] Sexes = ["female", "male", "other", "not-stated"];

    [GeneratedRegex(@"^[A-Z]{1,2}[0-9][0-9A-Z]?$", RegexOptions.CultureInvariant)]
    private static partial Regex District();

    [GeneratedRegex(@"^(under-8|18-plus|[0-9]{1,2}-[0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex AgeBandPattern();

    public static ValidationErrors Figures(FigureQuery query, TimeProvider time, out ReportFilter? filter)
    {
        filter = null;
        var errors = new ValidationErrors();
        DateTimeOffset? from, to;
        if (query.Period is { Length: > 0 } period)
        {
            var named = ReportFilter.Period(period);
            (from, to) = (named?.From, named?.To);
            if (named is null)
            {
                errors.Add("period", "must be a month (2026-11), a quarter (2026-Q3) or a financial year (FY2026, April to March).");
            }
        }
        else if (query.From is null && query.To is null)
        {
            (from, to) = ReportFilter.Period($"FY{FinancialYear(time.GetUtcNow())}")!.Value;
        }
        else
        {
            from = errors.Instant("from", query.From);
            to = errors.Instant("to", query.To);
            if (from is null || to is null || to <= from)
            {
                errors.Add("to", "from and to are both required, as ISO 8601 dates (yyyy-MM-dd), with to after from.");
            }
        }
        var districts = (query.Districts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (districts.Count > 50 || districts.Any(d => !District().IsMatch(d)))
        {
            errors.Add("districts", "must be up to 50 postcode districts separated by commas, such as M1,M2,SK4.");
        }
        if (query.Agency is { } agency && !Referrers.Contains(agency))
        {
            errors.Add("agency", $"must be one of: {string.Join(", ", Referrers)}.");
        }
        if (query.AgeBand is { } band && !AgeBandPattern().IsMatch(band))
        {
            errors.Add("ageBand", "must be an age band such as 10-11, under-8 or 18-plus.");
        }
        if (query.Sex is { } sex && !Sexes.Contains(sex))
        {
            errors.Add("sex", $"must be one of: {string.Join(", ", Sexes)}.");
        }
        if (errors.IsEmpty)
        {
            filter = new ReportFilter(from!.Value, to!.Value, districts, query.Agency, query.AgeBand, query.Sex);
        }
        return errors;
    }

    /// <summary>The financial year (1 April to 31 March) a moment falls in, named by the year it starts.</summary>
    public static int FinancialYear(DateTimeOffset at) => at.Month >= 4 ? at.Year : at.Year - 1;
}
