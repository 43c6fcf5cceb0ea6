namespace Yisp.Referral.Domain.Matching;

/// <summary>
/// Where a corrected identity points. Intake's rule, except that nothing moves on its own: the referral stays
/// on its case when its case is the one strong identifier (NHS number, UPN) it shares with open cases, or when
/// no other case shares any key; otherwise a coordinator decides, and the candidate is the other case found
/// by a strong identifier first, else by name, date of birth and postcode sector.
/// </summary>
public static class CorrectionMatch
{
    /// <param name="matches">The open cases holding any of the corrected identity's keys, with the type of the key each holds.</param>
    /// <returns>The other case a coordinator must decide on, or null when the referral stays where it is.</returns>
    public static Guid? CandidateFor(Guid ownCaseId, IEnumerable<(string KeyType, Guid CaseId)> matches)
    {
        var list = matches.ToList();
        var strong = list.Where(m => MatchKeyType.IsStrong(m.KeyType)).Select(m => m.CaseId).Distinct().ToList();
        var otherStrong = strong.Where(c => c != ownCaseId).ToList();
        if (otherStrong.Count > 0)
        {
            return otherStrong[0];
        }
        if (strong.Contains(ownCaseId))
        {
            return null;
        }
        return list.Select(m => m.CaseId).Where(c => c != ownCaseId).Cast<Guid?>().FirstOrDefault();
    }
}
