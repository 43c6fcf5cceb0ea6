using Yisp.Consent.Domain;
using Yisp.Contracts.Consent;

namespace Yisp.Consent.Tests;

public sealed class EffectiveConsentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<ScopeItem> Scope = EffectiveConsent.ScopeOf(["police", "health"]);
    private static readonly IReadOnlyList<string> Both = [Party.Child, Party.ParentCarer];
    private static readonly ScopeItem Assessment = new(ConsentPurpose.Assessment, "");
    private static readonly ScopeItem SharePolice = new(ConsentPurpose.Sharing, "police");
    private static readonly ScopeItem ShareHealth = new(ConsentPurpose.Sharing, "health");

    private static DecisionRecord Grant(string party, ScopeItem item, int minutesAgo = 10, int expiresInDays = 365) =>
        new(party, item, true, false, Now.AddMinutes(-minutesAgo), Now.AddDays(expiresInDays));

    private static DecisionRecord Refuse(string party, ScopeItem item, int minutesAgo = 5) =>
        new(party, item, false, false, Now.AddMinutes(-minutesAgo), null);

    private static DecisionRecord Withdraw(string party, ScopeItem item, int minutesAgo = 1) =>
        new(party, item, false, true, Now.AddMinutes(-minutesAgo), null);

    private static IReadOnlyList<ScopeItem> Effective(IReadOnlyList<string> parties, params DecisionRecord[] decisions) =>
        [.. EffectiveConsent.Compute(Scope, parties, decisions, Now).Select(e => e.Item)];

    [Fact]
    public void The_scope_is_assessment_intervention_and_sharing_with_each_named_agency() =>
        Assert.Equal(["assessment", "intervention", "sharing:health", "sharing:police"], Scope.Select(s => s.ToString()));

    [Fact]
    public void An_item_is_granted_only_when_every_required_party_grants_it()
    {
        Assert.Empty(Effective(Both, Grant(Party.Child, Assessment)));
        Assert.Equal([Assessment], Effective(Both, Grant(Party.Child, Assessment), Grant(Party.ParentCarer, Assessment)));
    }

    [Fact]
    public void One_refusing_party_blocks_the_purpose()
    {
        var decisions = new[] { Grant(Party.Child, Assessment), Refuse(Party.ParentCarer, Assessment) };
        Assert.Empty(Effective(Both, decisions));
        Assert.True(EffectiveConsent.AssessmentRefused(Both, decisions));
    }

    [Fact]
    public void A_partial_grant_shares_only_with_the_granted_agencies() =>
        Assert.Equal([SharePolice], Effective(Both,
            Grant(Party.Child, SharePolice), Grant(Party.ParentCarer, SharePolice),
            Grant(Party.Child, ShareHealth), Refuse(Party.ParentCarer, ShareHealth)));

    [Fact]
    public void Withdrawal_and_expiry_take_consent_away_and_a_later_grant_gives_it_back()
    {
        Assert.Empty(Effective(Both, Grant(Party.Child, Assessment), Grant(Party.ParentCarer, Assessment), Withdraw(Party.ParentCarer, Assessment)));
        Assert.Empty(Effective(Both, Grant(Party.Child, Assessment), Grant(Party.ParentCarer, Assessment, expiresInDays: -1)));
        Assert.Equal([Assessment], Effective(Both, Grant(Party.Child, Assessment), Withdraw(Party.ParentCarer, Assessment, 3),
            Grant(Party.ParentCarer, Assessment, minutesAgo: 2)));
    }

    [Fact]
    public void A_competent_child_may_decide_alone_when_only_the_child_is_required() =>
        Assert.Equal([Assessment], Effective([Party.Child], Grant(Party.Child, Assessment)));

    [Fact]
    public void Consent_lasts_until_the_earliest_grant_behind_it_expires()
    {
        var effective = EffectiveConsent.Compute(Scope, Both,
            [Grant(Party.Child, Assessment, expiresInDays: 30), Grant(Party.ParentCarer, Assessment, expiresInDays: 300)], Now);
        Assert.Equal(Now.AddDays(30), Assert.Single(effective).ExpiresAt);
    }

    [Fact]
    public void Settings_naming_an_unknown_party_fail_validation() =>
        Assert.NotEmpty(new ConsentOptions { RequiredParties = ["grandparent"] }.Validate(new(new object())));
}
