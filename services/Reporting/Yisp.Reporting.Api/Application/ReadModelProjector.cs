using System.Text.Json;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Contracts.Referrals;
using Yisp.Messaging.Transactions;
using Yisp.Reporting.Data;
using Yisp.Reporting.Messaging;

namespace Yisp.Reporting.Application;

/// <summary>
/// Applies one stored event to the read model. Every write is order-independent and idempotent, so live events in
/// any order, redeliveries and a full replay all leave the same figures. An event it does not know is skipped.
/// </summary>
public sealed class ReadModelProjector(ReadModelStore store)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>False when the event is of a type this version does not know (kept in the store, skipped here).</returns>
    public async Task<bool> ApplyAsync(UnitOfWork unitOfWork, string eventType, string payload, CancellationToken cancellationToken)
    {
        if (!ReportedEvents.ByName.TryGetValue(eventType, out var type) || JsonSerializer.Deserialize(payload, type, Json) is not { } message)
        {
            return false;
        }
        Task Run(string sql, object parameters) => store.ExecuteAsync(unitOfWork, sql, parameters, cancellationToken);
        async Task Referral(Guid id, string sql, object parameters)
        {
            await Run(ReportingSql.EnsureReferral, new { id });
            await Run(sql, parameters);
        }
        async Task Case(Guid id, string sql, object parameters)
        {
            await Run(ReportingSql.EnsureCase, new { id });
            await Run(sql, parameters);
        }
        async Task Intervention(Guid id, Guid caseId, string sql, object parameters)
        {
            await Run(ReportingSql.EnsureIntervention, new { id, caseId });
            await Run(sql, parameters);
        }
        switch (message)
        {
            case ReferralReceived e:
                await Referral(e.ReferralId, ReportingSql.ReferralReceived, new
                {
                    id = e.ReferralId,
                    agency = e.ReferringAgency,
                    urgency = e.Urgency,
                    ageBand = e.AgeBand,
                    district = e.PostcodeDistrict,
                    sex = e.Sex,
                    at = e.ReceivedAt,
                });
                break;
            case ReferralScreened e:
                await Referral(e.ReferralId, ReportingSql.ReferralScreened, new
                {
                    id = e.ReferralId,
                    outcome = e.Outcome,
                    reason = e.Outcome == "ineligible" ? e.Reasons.FirstOrDefault() : null,
                    at = e.ScreenedAt,
                });
                break;
            case ReferralLinkedToCase e:
                await Referral(e.ReferralId, ReportingSql.ReferralLinked, new { id = e.ReferralId, caseId = e.CaseId, joined = !e.NewCase });
                await Case(e.CaseId, ReportingSql.CasePrevious, new { id = e.CaseId, previous = e.PreviousCaseId });
                break;
            case ReferralAwaitingConsent e:
                await Case(e.CaseId, ReportingSql.CaseFirst("consent_requested_at"), new { id = e.CaseId, at = e.At });
                break;
            case ReferralClosed e:
                await Referral(e.ReferralId, ReportingSql.ReferralClosed, new { id = e.ReferralId, reason = e.Reason, at = e.ClosedAt });
                break;
            case ConsentGranted e:
                await Case(e.CaseId, ReportingSql.CaseFirst("consent_given_at"), new { id = e.CaseId, at = e.GrantedAt });
                break;
            case ConsentRefused e:
                await Case(e.CaseId, ReportingSql.CaseFirst("consent_refused_at"), new { id = e.CaseId, at = e.RefusedAt });
                break;
            case ConsentWithdrawn e:
                await Case(e.CaseId, ReportingSql.CaseFirst("consent_withdrawn_at"), new { id = e.CaseId, at = e.WithdrawnAt });
                break;
            case PanelDecisionRecorded e:
                await Case(e.CaseId, ReportingSql.PanelDecision, new { id = e.CaseId, at = e.DecidedAt, decision = e.Decision });
                break;
            case AssessmentRecorded e:
                await Run(ReportingSql.InsertAssessment, new
                {
                    id = e.AssessmentId,
                    caseId = e.CaseId,
                    version = e.Version,
                    total = e.Total,
                    ratings = e.DomainRatings is null ? null : JsonSerializer.Serialize(e.DomainRatings, Json),
                    at = e.RecordedAt,
                });
                break;
            case InterventionAssigned e:
                await Intervention(e.InterventionId, e.CaseId, ReportingSql.InterventionAssigned,
                    new { id = e.InterventionId, type = e.Type, agency = e.LeadAgency, at = e.AssignedAt });
                break;
            case InterventionStarted e:
                await Intervention(e.InterventionId, e.CaseId, ReportingSql.InterventionFirst("started_at"), new { id = e.InterventionId, agency = e.LeadAgency, at = e.StartedAt });
                await Case(e.CaseId, ReportingSql.CaseFirst("first_intervention_at"), new { id = e.CaseId, at = e.StartedAt });
                break;
            case InterventionCompleted e:
                await Intervention(e.InterventionId, e.CaseId, ReportingSql.InterventionFirst("completed_at"), new { id = e.InterventionId, agency = e.LeadAgency, at = e.CompletedAt });
                break;
            case InterventionStopped e:
                await Intervention(e.InterventionId, e.CaseId, ReportingSql.InterventionFirst("stopped_at"), new { id = e.InterventionId, agency = e.LeadAgency, at = e.StoppedAt });
                break;
            case InterventionSuspended e:
                await Intervention(e.InterventionId, e.CaseId, ReportingSql.InterventionFirst("suspended_at"), new { id = e.InterventionId, agency = e.LeadAgency, at = e.SuspendedAt });
                break;
            case CaseClosed e:
                await Case(e.CaseId, ReportingSql.CaseClosed, new { id = e.CaseId, at = e.ClosedAt, outcome = e.Outcome });
                break;
            case ReviewRecorded e:
                await Run(ReportingSql.EnsureReview, new { id = e.CaseId, due = e.NextDue, no = false });
                break;
            case ReviewOverdue e:
                await Run(ReportingSql.EnsureReview, new { id = e.CaseId, due = e.DueAt, no = false });
                await Run(ReportingSql.ReviewOverdue, new { id = e.CaseId, due = e.DueAt, yes = true });
                break;
        }
        return true;
    }
}
