using Yisp.Contracts.Interventions;
using Yisp.Reporting.Data;

namespace Yisp.Reporting.Domain;

/// <summary>
/// The partnership's figures, computed from the read model for a filter: no I/O, so every figure is tested on
/// rows a test makes. Cohort: the referrals received in the period that match the filter, and their cases.
/// </summary>
public static class FigureBuilder
{
    private const string Referrals = "referrals";
    private const string Cases = "cases";
    private const string DayUnit = "days";

    public static IReadOnlyList<Figure> Build(ReadModel model, ReportFilter filter)
    {
        var referrals = model.ReceivedBetween(filter.From, filter.To).Where(r => Matches(r, filter)).ToList();
        var firstReferral = model.FirstReferralByCase;
        var caseIds = referrals.Where(r => r.CaseId is not null).Select(r => r.CaseId!.Value).ToHashSet();
        var cases = caseIds.Select(id => model.CaseById.GetValueOrDefault(id)).OfType<CaseFacts>().ToList();
        var interventions = caseIds.SelectMany(id => model.InterventionsByCase[id]).ToList();
        var inArea = model.CasesWithFirstReferral.Where(c => Matches(c.First, filter)).Select(c => c.Case).ToList();
        bool InArea(Guid caseId) => firstReferral.TryGetValue(caseId, out var first) && Matches(first, filter);
        return
        [
            ReferralsByAgency(referrals) with { RowHeading = "Referring agency" },
            ReferralsByMonth(referrals) with { RowHeading = "Month" },
            Screening(referrals) with { RowHeading = "Screening", Additive = false },
            ConsentFunnel(cases, firstReferral) with { RowHeading = "Consent", Additive = false },
            Timeliness(cases, firstReferral) with { RowHeading = "Stage reached", Additive = false },
            InterventionsByTypeAndAgency(interventions) with { RowHeading = "Intervention type" },
            InterventionProgress(interventions) with { RowHeading = "Stage", Additive = false },
            StopReasons(interventions) with { RowHeading = "Reason" },
            MultiAgency(cases, interventions) with { RowHeading = "Cases", Additive = false },
            Reviews(model.Reviews.Where(r => r.DueAt >= filter.From && r.DueAt < filter.To && InArea(r.CaseId)).ToList()) with { RowHeading = "Review" },
            Outcomes(inArea.Where(c => c.ClosedAt >= filter.From && c.ClosedAt < filter.To).ToList()) with { RowHeading = "Outcome" },
            ScoreChange(caseIds.Select(id => model.AssessmentsByCase[id])) with { RowHeading = "Change in need" },
            ReReferral(inArea, model.NextEpisodes, firstReferral, filter) with { RowHeading = "Cases", Additive = false },
            OpenCaseload(inArea, firstReferral, filter.To) with { RowHeading = "Age band" },
        ];
    }

    private static bool Matches(ReferralFacts r, ReportFilter f) =>
        (f.Districts.Count == 0 || (r.PostcodeDistrict is not null && f.Districts.Contains(r.PostcodeDistrict)))
        && (f.Agency is null || r.ReferringAgency == f.Agency)
        && (f.AgeBand is null || r.AgeBand == f.AgeBand)
        && (f.Sex is null || r.Sex == f.Sex);

    private static Figure ReferralsByAgency(List<ReferralFacts> referrals) => Figure.List("referrals-by-agency", "Referrals received, by referring agency",
        "Referrals received in the period, by the agency (or parent, carer or young person) that made them. A child referred by two agencies counts twice here.",
        Referrals, referrals.GroupBy(r => r.ReferringAgency ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count())));

    private static Figure ReferralsByMonth(List<ReferralFacts> referrals)
    {
        var months = referrals.Select(r => r.ReceivedMonth).Distinct().Order(StringComparer.Ordinal).ToList();
        var agencies = referrals.Select(r => r.ReferringAgency ?? "unknown").Distinct().Order(StringComparer.Ordinal).ToList();
        return new Figure("referrals-by-month", "Referrals received per month, by referring agency",
            "Referrals received in each calendar month of the period (UTC), by referring agency.", Referrals, months, agencies,
            Crosstab(referrals, r => r.ReceivedMonth, r => r.ReferringAgency ?? "unknown", months, agencies), []);
    }

    private static Figure Screening(List<ReferralFacts> referrals)
    {
        long Count(Func<ReferralFacts, bool> p) => referrals.LongCount(p);
        return Figure.List("screening", "Screening of referrals",
            "Referrals received in the period by their latest screening outcome: eligible; ineligible by reason (age outside the panel's range, " +
            "home outside its area, fewer concerned agencies and risk factors than the thresholds, or a coordinator's decision); waiting for a " +
            "coordinator's review. 'Joined an existing case' counts referrals of a child who already had an open case: work the platform did not start twice.",
            Referrals,
            [
                ("eligible", Count(r => r.ScreeningOutcome == "eligible")),
                ("ineligible: age", Count(r => r.ScreeningOutcome == "ineligible" && r.IneligibleReason == "age")),
                ("ineligible: area", Count(r => r.ScreeningOutcome == "ineligible" && r.IneligibleReason == "area")),
                ("ineligible: threshold", Count(r => r.ScreeningOutcome == "ineligible" && r.IneligibleReason == "threshold")),
                ("ineligible: coordinator", Count(r => r.ScreeningOutcome == "ineligible" && r.IneligibleReason == "coordinator")),
                ("needs review", Count(r => r.ScreeningOutcome == "needs-review")),
                ("joined an existing case", Count(r => r.JoinedExistingCase == true)),
            ]);
    }

    private static Figure ConsentFunnel(List<CaseFacts> cases, IReadOnlyDictionary<Guid, ReferralFacts> first)
    {
        var toConsent = cases.Where(c => c.ConsentGivenAt is not null && first.ContainsKey(c.CaseId))
            .Select(c => Days(first[c.CaseId].ReceivedAt!.Value, c.ConsentGivenAt!.Value)).ToList();
        return Figure.List("consent", "Consent",
            "Cases of the period's referrals: consent requested from the family, given (every required party agreed to at least assessment), " +
            "refused, and later withdrawn. Time to consent: days from the case's first referral to consent being given.",
            Cases,
            [
                ("requested", cases.LongCount(c => c.ConsentRequestedAt is not null)),
                ("given", cases.LongCount(c => c.ConsentGivenAt is not null)),
                ("refused", cases.LongCount(c => c.ConsentRefusedAt is not null)),
                ("withdrawn", cases.LongCount(c => c.ConsentWithdrawnAt is not null)),
            ],
            [Median("referral to consent, median", toConsent), Percentile("referral to consent, 90th percentile", toConsent, 0.9)]);
    }

    private static Figure Timeliness(List<CaseFacts> cases, IReadOnlyDictionary<Guid, ReferralFacts> first)
    {
        var toPanel = cases.Where(c => c.PanelDecidedAt is not null && first.ContainsKey(c.CaseId))
            .Select(c => Days(first[c.CaseId].ReceivedAt!.Value, c.PanelDecidedAt!.Value)).ToList();
        var toSupport = cases.Where(c => c.PanelDecidedAt is not null && c.FirstInterventionAt is not null)
            .Select(c => Days(c.PanelDecidedAt!.Value, c.FirstInterventionAt!.Value)).ToList();
        return Figure.List("timeliness", "Time to a decision and to support",
            "Cases of the period's referrals: days from the first referral to the panel's decision, and from the panel's decision to the first " +
            "intervention starting. Medians and 90th percentiles; the counts are the cases each is computed from.",
            Cases, [("decided by the panel", toPanel.Count), ("support started", toSupport.Count)],
            [
                Median("referral to panel decision, median", toPanel), Percentile("referral to panel decision, 90th percentile", toPanel, 0.9),
                Median("panel decision to first intervention, median", toSupport), Percentile("panel decision to first intervention, 90th percentile", toSupport, 0.9),
            ]);
    }

    private static Figure InterventionsByTypeAndAgency(List<InterventionFacts> interventions)
    {
        var types = interventions.Select(i => i.InterventionType ?? "unknown").Distinct().Order(StringComparer.Ordinal).ToList();
        var agencies = interventions.Select(i => i.LeadAgency ?? "unknown").Distinct().Order(StringComparer.Ordinal).ToList();
        return new Figure("interventions", "Interventions by type and lead agency",
            "Interventions of the support plans of the period's cases, by type and by the agency leading each.", "interventions", types, agencies,
            Crosstab(interventions, i => i.InterventionType ?? "unknown", i => i.LeadAgency ?? "unknown", types, agencies), []);
    }

    private static Figure InterventionProgress(List<InterventionFacts> interventions) => Figure.List("intervention-progress", "Interventions delivered",
        "Interventions of the period's cases: assigned, started, completed, stopped before completion, and suspended because consent no longer covered them.",
        "interventions",
        [
            ("assigned", interventions.LongCount(i => i.AssignedAt is not null)),
            ("started", interventions.LongCount(i => i.StartedAt is not null)),
            ("completed", interventions.LongCount(i => i.CompletedAt is not null)),
            ("stopped", interventions.LongCount(i => i.StoppedAt is not null)),
            ("suspended", interventions.LongCount(i => i.SuspendedAt is not null)),
        ]);

    private static Figure StopReasons(List<InterventionFacts> interventions)
    {
        var stopped = interventions.Where(i => i.StoppedAt is not null).CountBy(i => i.StopReason ?? StopReason.Other).ToDictionary();
        return Figure.List("stop-reasons", "Interventions stopped, by reason",
            "Interventions of the period's cases stopped before completion, by the reason's code: the child disengaged, needs met elsewhere, " +
            "moved away, consent withdrawn, escalated (to statutory services), other, or the case closed with the intervention still open.",
            "interventions", StopReason.All.Select(code => (code, (long)stopped.GetValueOrDefault(code))));
    }

    private static Figure MultiAgency(List<CaseFacts> cases, List<InterventionFacts> interventions)
    {
        var agenciesPerCase = interventions.Where(i => i.StartedAt is not null).Select(i => (i.CaseId, i.LeadAgency)).Distinct()
            .CountBy(pair => pair.CaseId).ToDictionary();
        var delivering = agenciesPerCase.Count;
        var twoOrMore = agenciesPerCase.Values.Count(n => n >= 2);
        return Figure.List("multi-agency", "Multi-agency work",
            "Cases of the period's referrals with at least one intervention started, and those with interventions started by two or more " +
            "different lead agencies; the share is of cases with support started. Agencies per case: mean number of lead agencies delivering.",
            Cases, [("support started", delivering), ("two or more agencies delivering", twoOrMore)],
            [
                new Statistic("share with two or more agencies", delivering == 0 ? null : Math.Round(100.0 * twoOrMore / delivering, 1), twoOrMore, "%"),
                new Statistic("agencies per case, mean", delivering == 0 ? null : Math.Round(agenciesPerCase.Values.Average(), 2), delivering, "agencies"),
            ]);
    }

    private static Figure Reviews(List<ReviewFacts> reviews) => Figure.List("reviews", "Support plan reviews",
        "Reviews of support plans that fell due in the period: reviewed on time, and overdue (raised once for each due date that passed unreviewed).",
        "reviews", [("on time", reviews.LongCount(r => !r.Overdue)), ("overdue", reviews.LongCount(r => r.Overdue))]);

    private static Figure Outcomes(List<CaseFacts> closed) => Figure.List("outcomes", "Cases closed, by outcome",
        "Cases closed in the period (of children whose first referral matches the filter), by the outcome the panel recorded at closure.",
        Cases, closed.GroupBy(c => c.Outcome ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count())));

    private static Figure ScoreChange(IEnumerable<IEnumerable<AssessmentFacts>> assessmentsByCase)
    {
        var pairs = assessmentsByCase.Select(a => a.ToList()).Where(a => a.Count >= 2)
            .Select(a => (First: a.MinBy(x => x.AssessmentVersion)!, Last: a.MaxBy(x => x.AssessmentVersion)!)).ToList();
        var domains = pairs.SelectMany(p => p.First.RatingsByDomain.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var statistics = new List<Statistic> { Mean("total score", [.. pairs.Select(p => (double)(p.Last.Total - p.First.Total))], "points") };
        foreach (var domain in domains)
        {
            var changes = pairs.Select(p => (First: p.First.RatingsByDomain, Last: p.Last.RatingsByDomain))
                .Where(p => p.First.ContainsKey(domain) && p.Last.ContainsKey(domain))
                .Select(p => (double)(p.Last[domain] - p.First[domain])).ToList();
            statistics.Add(Mean(domain, changes, "points"));
        }
        var distribution = pairs.Select(p => p.Last.Total - p.First.Total).ToList();
        return Figure.List("score-change", "Change in assessed need",
            "Cases of the period's referrals assessed at least twice: change from the first to the latest assessment, in total and per domain " +
            "(each domain rated 0, no need, to 4, high need: a fall is an improvement). Means; the counts are the cases behind each.",
            Cases,
            [("need fell", distribution.LongCount(d => d < 0)), ("no change", distribution.LongCount(d => d == 0)), ("need rose", distribution.LongCount(d => d > 0))],
            statistics);
    }

    private static Figure ReReferral(List<CaseFacts> inArea, ILookup<Guid, CaseFacts> nextEpisodes, IReadOnlyDictionary<Guid, ReferralFacts> first,
        ReportFilter filter)
    {
        var closed = inArea.Where(c => c.ClosedAt >= filter.From && c.ClosedAt < filter.To).ToList();
        var again = closed.Count(c => nextEpisodes[c.CaseId].Any(next => first.TryGetValue(next.CaseId, out var r)
            && r.ReceivedAt <= c.ClosedAt!.Value.AddDays(365)));
        return Figure.List("re-referral", "Re-referral within 12 months of closure",
            "Cases closed in the period whose child was referred again within 365 days of closure (so far: the count grows until a year has passed).",
            Cases, [("closed", closed.Count), ("referred again within 12 months", again)],
            [new Statistic("re-referral rate", closed.Count == 0 ? null : Math.Round(100.0 * again / closed.Count, 1), again, "%")]);
    }

    private static Figure OpenCaseload(List<CaseFacts> inArea, IReadOnlyDictionary<Guid, ReferralFacts> first, DateTimeOffset end)
    {
        var open = inArea.Where(c => c.ConsentGivenAt < end && !(c.ClosedAt < end)).ToList();
        return Figure.List("open-caseload", "Open caseload at the end of the period, by age band",
            "Cases with consent given before the end of the period and not closed by then, by the child's age band when first referred.",
            Cases, open.GroupBy(c => first.TryGetValue(c.CaseId, out var r) ? r.AgeBand ?? "unknown" : "unknown")
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count())));
    }

    private static double Days(DateTimeOffset from, DateTimeOffset to) => Math.Round((to - from).TotalDays, 1);

    /// <summary>Counts by two keys, in the order of the rows and columns given (one pass over the items).</summary>
    private static long[][] Crosstab<T>(List<T> items, Func<T, string> row, Func<T, string> column, List<string> rows, List<string> columns)
    {
        var counts = items.CountBy(i => (row(i), column(i))).ToDictionary(c => c.Key, c => (long)c.Value);
        return [.. rows.Select(r => columns.Select(c => counts.GetValueOrDefault((r, c))).ToArray())];
    }

    private static Statistic Median(string label, List<double> values) => Percentile(label, values, 0.5);

    /// <summary>The nearest-rank percentile.</summary>
    private static Statistic Percentile(string label, List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return new Statistic(label, null, 0, DayUnit);
        }
        values.Sort(); // the figure's own list, asked for two percentiles: sorted once, the second time already in order
        return new Statistic(label, values[Math.Max(0, (int)Math.Ceiling(p * values.Count) - 1)], values.Count, DayUnit);
    }

    private static Statistic Mean(string label, List<double> values, string unit) =>
        new(label, values.Count == 0 ? null : Math.Round(values.Average(), 2), values.Count, unit);
}
