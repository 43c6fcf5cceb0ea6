using Yisp.Reporting.Data;

namespace Yisp.Reporting.Application;

/// <summary>
/// The read-model rows a batch of events touches, held in memory while the batch is applied: asking for a row
/// gives the stored one (loaded first) or a new one, and every row asked for is written back.
/// </summary>
public sealed class ReadModelWorkingSet
{
    public Dictionary<Guid, ReferralFacts> Referrals { get; } = [];
    public Dictionary<Guid, CaseFacts> Cases { get; } = [];
    public Dictionary<Guid, InterventionFacts> Interventions { get; } = [];
    public Dictionary<Guid, AssessmentFacts> Assessments { get; } = [];

    /// <summary>Reviews by case: a case's reviews are loaded and written back together.</summary>
    public Dictionary<Guid, List<ReviewFacts>> Reviews { get; } = [];

    /// <summary>Assessments recorded by this batch (an assessment never changes once recorded).</summary>
    public List<AssessmentFacts> NewAssessments { get; } = [];

    public ReferralFacts Referral(Guid id) => GetOrAdd(Referrals, id, () => new ReferralFacts { ReferralId = id });

    public CaseFacts Case(Guid id) => GetOrAdd(Cases, id, () => new CaseFacts { CaseId = id });

    public InterventionFacts Intervention(Guid id, Guid caseId) =>
        GetOrAdd(Interventions, id, () => new InterventionFacts { InterventionId = id, CaseId = caseId });

    public void RecordAssessment(AssessmentFacts assessment)
    {
        if (Assessments.TryAdd(assessment.AssessmentId, assessment))
        {
            NewAssessments.Add(assessment);
        }
    }

    public ReviewFacts Review(Guid caseId, DateTimeOffset dueAt)
    {
        var reviews = GetOrAdd(Reviews, caseId, () => []);
        var review = reviews.Find(r => r.DueAt == dueAt);
        if (review is null)
        {
            review = new ReviewFacts { CaseId = caseId, DueAt = dueAt };
            reviews.Add(review);
        }
        return review;
    }

    /// <summary>The keys this set holds, to load the stored rows for them into a fresh set.</summary>
    public ReadModelKeys Keys() => new([.. Referrals.Keys], [.. Cases.Keys], [.. Interventions.Keys], [.. Assessments.Keys], [.. Reviews.Keys]);

    private static TValue GetOrAdd<TValue>(Dictionary<Guid, TValue> rows, Guid id, Func<TValue> create)
    {
        if (!rows.TryGetValue(id, out var row))
        {
            row = create();
            rows[id] = row;
        }
        return row;
    }
}

public sealed record ReadModelKeys(
    IReadOnlyCollection<Guid> Referrals,
    IReadOnlyCollection<Guid> Cases,
    IReadOnlyCollection<Guid> Interventions,
    IReadOnlyCollection<Guid> Assessments,
    IReadOnlyCollection<Guid> ReviewCases);
