using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Contracts.Referrals;

namespace Yisp.Reporting.Tests;

/// <summary>The events of one child's journey, as the platform's services publish them.</summary>
public static class Journey
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static object[] Supported(Guid caseId, string agency = "police", string district = "M1", int consentDay = 3, int panelDay = 10, int startDay = 14,
        string outcome = "goals-achieved")
    {
        var referral = Guid.NewGuid();
        var mentoring = Guid.NewGuid();
        var school = Guid.NewGuid();
        return
        [
            new ReferralReceived(referral, agency, "routine", Start, "10-11", district, "male"),
            new ReferralLinkedToCase(referral, caseId, true, "identifier", Start),
            new ReferralScreened(referral, caseId, "eligible", ["4 risk factors"], 4, 1, false, Start),
            new ReferralAwaitingConsent(referral, caseId, agency, ["education"], Start),
            new ConsentGranted(caseId, ["assessment", "intervention", "sharing"], [agency, "education", "youth-service"], Start.AddDays(consentDay)),
            new AssessmentRecorded(caseId, Guid.NewGuid(), 1, 30, ["education"], Start.AddDays(consentDay + 1),
                new Dictionary<string, int> { ["education"] = 4, ["lifestyle"] = 3 }),
            new PanelDecisionRecorded(caseId, Guid.NewGuid(), "support", Start.AddDays(panelDay)),
            new InterventionAssigned(caseId, mentoring, "mentoring", "youth-service", DateOnly.FromDateTime(Start.AddDays(panelDay).UtcDateTime),
                DateOnly.FromDateTime(Start.AddDays(90).UtcDateTime), Start.AddDays(panelDay)),
            new InterventionAssigned(caseId, school, "education-support", "education", DateOnly.FromDateTime(Start.AddDays(panelDay).UtcDateTime),
                DateOnly.FromDateTime(Start.AddDays(90).UtcDateTime), Start.AddDays(panelDay)),
            new InterventionStarted(caseId, mentoring, "youth-service", Start.AddDays(startDay)),
            new InterventionStarted(caseId, school, "education", Start.AddDays(startDay + 2)),
            new InterventionStopped(caseId, school, "education", "Moved school, Jo Bloggs asked to stop", Start.AddDays(20), StopReason.MovedAway),
            new InterventionCompleted(caseId, mentoring, "youth-service", Start.AddDays(25)),
            new ReviewRecorded(caseId, Guid.NewGuid(), DateOnly.FromDateTime(Start.AddDays(21).UtcDateTime), Start.AddDays(26), Start.AddDays(21)),
            new AssessmentRecorded(caseId, Guid.NewGuid(), 2, 20, ["lifestyle"], Start.AddDays(26),
                new Dictionary<string, int> { ["education"] = 1, ["lifestyle"] = 3 }),
            new CaseClosed(caseId, outcome, Start.AddDays(27)),
        ];
    }

    public static object[] Ineligible(string agency = "education")
    {
        var referral = Guid.NewGuid();
        return
        [
            new ReferralReceived(referral, agency, "routine", Start.AddDays(1), "14-15", "M2", "female"),
            new ReferralScreened(referral, null, "ineligible", ["aged 15, outside 8 to 13"], 1, 1, false, Start.AddDays(1)),
            new ReferralClosed(referral, null, "ineligible", Start.AddDays(1)),
        ];
    }
}
