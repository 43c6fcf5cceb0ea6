namespace Yisp.Reporting.Data;

public sealed class StoredEvent
{
    public long Position { get; set; }
    public Guid MessageId { get; set; }
    public string EventType { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Payload { get; set; } = "";
}

public sealed class ReferralFacts
{
    public Guid ReferralId { get; set; }
    public Guid? CaseId { get; set; }
    public string? ReferringAgency { get; set; }
    public string? Urgency { get; set; }
    public string? AgeBand { get; set; }
    public string? PostcodeDistrict { get; set; }
    public string? Sex { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ScreeningOutcome { get; set; }
    public DateTimeOffset? ScreenedAt { get; set; }
    public string? IneligibleReason { get; set; }
    public bool? JoinedExistingCase { get; set; }
    public string? ClosedReason { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? DetailsCorrectedAt { get; set; }

    private string? receivedMonth;

    /// <summary>The calendar month (UTC) it was received in, as yyyy-MM.</summary>
    public string ReceivedMonth => receivedMonth ??= ReceivedAt!.Value.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class CaseFacts
{
    public Guid CaseId { get; set; }
    public Guid? PreviousCaseId { get; set; }
    public DateTimeOffset? ConsentRequestedAt { get; set; }
    public DateTimeOffset? ConsentGivenAt { get; set; }
    public DateTimeOffset? ConsentRefusedAt { get; set; }
    public DateTimeOffset? ConsentWithdrawnAt { get; set; }
    public DateTimeOffset? PanelDecidedAt { get; set; }
    public string? PanelDecision { get; set; }
    public DateTimeOffset? FirstInterventionAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Outcome { get; set; }
}

public sealed class InterventionFacts
{
    public Guid InterventionId { get; set; }
    public Guid CaseId { get; set; }
    public string? InterventionType { get; set; }
    public string? LeadAgency { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public string? StopReason { get; set; }
    public DateTimeOffset? SuspendedAt { get; set; }
}

public sealed class AssessmentFacts
{
    public Guid AssessmentId { get; set; }
    public Guid CaseId { get; set; }
    public int AssessmentVersion { get; set; }
    public int Total { get; set; }
    public string? Ratings { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    private Dictionary<string, int>? ratingsByDomain;

    /// <summary>The domain ratings, parsed once.</summary>
    public IReadOnlyDictionary<string, int> RatingsByDomain =>
        ratingsByDomain ??= Ratings is null ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(Ratings) ?? [];
}

public sealed class ReviewFacts
{
    public Guid CaseId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public bool Overdue { get; set; }
}

/// <summary>
/// Everything the figures are computed from, with the indexes every query needs built once per read model (a
/// snapshot is shared by every query until the read model changes).
/// </summary>
public sealed class ReadModel(
    IReadOnlyCollection<ReferralFacts> referrals,
    IReadOnlyCollection<CaseFacts> cases,
    IReadOnlyCollection<InterventionFacts> interventions,
    IReadOnlyCollection<AssessmentFacts> assessments,
    IReadOnlyCollection<ReviewFacts> reviews)
{
    private IReadOnlyDictionary<Guid, ReferralFacts>? firstReferral;
    private ILookup<Guid, InterventionFacts>? interventionsByCase;
    private ILookup<Guid, AssessmentFacts>? assessmentsByCase;
    private ILookup<Guid, CaseFacts>? nextEpisodes;
    private IReadOnlyDictionary<Guid, CaseFacts>? caseById;
    private IReadOnlyList<(CaseFacts, ReferralFacts)>? casesWithFirst;
    private ReferralFacts[]? byReceived;

    public IReadOnlyCollection<ReferralFacts> Referrals => referrals;
    public IReadOnlyCollection<CaseFacts> Cases => cases;
    public IReadOnlyCollection<InterventionFacts> Interventions => interventions;
    public IReadOnlyCollection<AssessmentFacts> Assessments => assessments;
    public IReadOnlyCollection<ReviewFacts> Reviews => reviews;

    // Built on first use; two queries building one at once build the same thing, so no lock is needed.

    /// <summary>Each case's first referral (the one received first).</summary>
    public IReadOnlyDictionary<Guid, ReferralFacts> FirstReferralByCase => firstReferral ??= referrals
        .Where(r => r.CaseId is not null && r.ReceivedAt is not null)
        .GroupBy(r => r.CaseId!.Value).ToDictionary(g => g.Key, g => g.MinBy(r => r.ReceivedAt)!);

    public IReadOnlyDictionary<Guid, CaseFacts> CaseById => caseById ??= cases.ToDictionary(c => c.CaseId);

    /// <summary>Cases with their first referral (a case no referral of which has arrived yet belongs nowhere).</summary>
    public IReadOnlyList<(CaseFacts Case, ReferralFacts First)> CasesWithFirstReferral => casesWithFirst ??=
        [.. cases.Where(c => FirstReferralByCase.ContainsKey(c.CaseId)).Select(c => (c, FirstReferralByCase[c.CaseId]))];

    /// <summary>The referrals received in [from, to), found by binary search in the referrals sorted by when they were received.</summary>
    public IEnumerable<ReferralFacts> ReceivedBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var sorted = byReceived ??= [.. referrals.Where(r => r.ReceivedAt is not null).OrderBy(r => r.ReceivedAt)];
        var start = FirstReceivedFrom(sorted, from);
        for (var i = start; i < sorted.Length && sorted[i].ReceivedAt < to; i++)
        {
            yield return sorted[i];
        }
    }

    public ILookup<Guid, InterventionFacts> InterventionsByCase => interventionsByCase ??= interventions.ToLookup(i => i.CaseId);

    public ILookup<Guid, AssessmentFacts> AssessmentsByCase => assessmentsByCase ??= assessments.ToLookup(a => a.CaseId);

    private static int FirstReceivedFrom(ReferralFacts[] sorted, DateTimeOffset from)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle].ReceivedAt < from)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>The case a child's next referral opened, by the case it followed.</summary>
    public ILookup<Guid, CaseFacts> NextEpisodes => nextEpisodes ??= cases.Where(c => c.PreviousCaseId is not null).ToLookup(c => c.PreviousCaseId!.Value);
}
