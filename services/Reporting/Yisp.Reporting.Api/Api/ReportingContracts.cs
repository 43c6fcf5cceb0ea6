using Microsoft.AspNetCore.Mvc;
using Yisp.Reporting.Application;

namespace Yisp.Reporting.Api;

/// <summary>
/// The query of the figures: a <c>period</c> (2026-11, 2026-Q3 or FY2026) or <c>from</c> and <c>to</c> (ISO 8601 dates,
/// <c>to</c> exclusive), and optional filters. Read as text so a bad value is a 400 naming it.
/// </summary>
public sealed record FigureQuery(
    [property: FromQuery(Name = "period")] string? Period,
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "districts")] string? Districts,
    [property: FromQuery(Name = "agency")] string? Agency,
    [property: FromQuery(Name = "ageBand")] string? AgeBand,
    [property: FromQuery(Name = "sex")] string? Sex);

/// <summary>The figures for a period and filter, every one through disclosure control.</summary>
public sealed record FigureSet(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Districts, string? Agency, string? AgeBand, string? Sex,
    string SuppressionMarker, IReadOnlyList<PublishedFigure> Figures);
