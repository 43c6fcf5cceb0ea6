namespace Yisp.System.Tests;

/// <summary>What the family decides, and so where the child's journey must end.</summary>
public enum FamilyDecision
{
    /// <summary>Child and parent consent to everything: the referral is accepted and the case opens for assessment.</summary>
    Consents,

    /// <summary>The child refuses assessment: the referral closes and no case ever opens.</summary>
    Refuses,

    /// <summary>Both consent, the case opens, then the parent withdraws all consent: the referral closes and the case is suspended.</summary>
    WithdrawsAfterConsenting,
}

/// <summary>One child's way through the platform, as the driver made it and as it must end.</summary>
public sealed class Journey(int number, FamilyDecision decision)
{
    public int Number { get; } = number;

    public FamilyDecision Decision { get; } = decision;

    /// <summary>The agency's Idempotency-Key for the referral: a retry after a lost answer must not make a second referral.</summary>
    public string ReferralKey { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Set once the referral was answered 201: from then on the platform owes this child the whole journey.</summary>
    public Guid? ReferralId { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>Why the driver gave up on this journey, when it did: before a 201, the platform owes it nothing.</summary>
    public string? Abandoned { get; set; }

    public string ExpectedReferralStatus => Decision == FamilyDecision.Consents ? "accepted" : "closed";

    public bool ExpectsCase => Decision != FamilyDecision.Refuses;

    public override string ToString() => $"referral {ReferralId} (child {Number}, {Decision})";
}
