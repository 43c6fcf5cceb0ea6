using System.ComponentModel.DataAnnotations;

namespace Yisp.Referral.Domain.Privacy;

/// <summary>How long a child's identifying data and free text are kept, per kind of record (docs/privacy.md).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Referral:Retention";

    /// <summary>A closed case's data is kept this many years after the case closed...</summary>
    [Range(0, 100)]
    public int CaseYearsAfterClosure { get; set; } = 6;

    /// <summary>...or until the child reaches this age, whichever is later.</summary>
    [Range(0, 100)]
    public int CaseUntilAge { get; set; } = 25;

    /// <summary>A referral closed without its case closing (ineligible, consent refused, withdrawn) is kept this many years after it closed.</summary>
    [Range(0, 100)]
    public int ReferralYearsAfterClosure { get; set; } = 1;

    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan ErasureInterval { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 10_000)]
    public int ErasureBatchSize { get; set; } = 100;
}

/// <summary>A closed referral as retention sees it.</summary>
public sealed record RetainedReferral(DateTimeOffset ClosedAt, DateTimeOffset? CaseClosedAt, DateOnly? DateOfBirth);

public static class RetentionRules
{
    /// <summary>When a closed referral's identifying data and free text fall due for erasure.</summary>
    public static DateTimeOffset EraseAfter(RetainedReferral referral, RetentionOptions rules)
    {
        if (referral.CaseClosedAt is not { } caseClosedAt)
        {
            return referral.ClosedAt.AddYears(rules.ReferralYearsAfterClosure);
        }
        var afterClosure = caseClosedAt.AddYears(rules.CaseYearsAfterClosure);
        if (referral.DateOfBirth is not { } born)
        {
            return afterClosure;
        }
        var birthday = new DateTimeOffset(born.AddYears(rules.CaseUntilAge).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return birthday > afterClosure ? birthday : afterClosure;
    }

    /// <summary>No closed referral falls due sooner than this after it closed: the job looks only at referrals closed longer ago.</summary>
    public static DateTimeOffset ClosedBefore(DateTimeOffset now, RetentionOptions rules) =>
        now.AddYears(-Math.Min(rules.CaseYearsAfterClosure, rules.ReferralYearsAfterClosure));
}
