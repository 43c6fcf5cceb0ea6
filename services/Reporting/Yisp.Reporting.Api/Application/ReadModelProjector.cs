using System.Text.Json;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Interventions;
using Yisp.Contracts.Referrals;
using Yisp.Messaging.Transactions;
using Yisp.Reporting.Data;
using Yisp.Reporting.Messaging;

namespace Yisp.Reporting.Application;

/// <summary>
/// Applies stored events to the read model, a batch at a time: the rows the batch touches are loaded, changed in
/// memory and written back, a few statements a batch whatever its size. Every change is order-independent and
/// idempotent (firsts kept as the earliest, latests as the latest), so live events in any order, redeliveries
/// and a full replay all leave the same rows. An event of a type this version does not know is skipped.
/// </summary>
public sealed class ReadModelProjector(ReadModelStore store)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="version">Taken (<see cref="ReadModelStore.NextVersionAsync"/>) before anything was read, so no other writer comes between.</param>
    public async Task ApplyAsync(UnitOfWork unitOfWork, long version, IReadOnlyList<object> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }
        var touched = new ReadModelWorkingSet();
        foreach (var message in messages)
        {
            Apply(message, touched);
        }
        var rows = await store.LoadAsync(unitOfWork, touched.Keys(), cancellationToken);
        foreach (var message in messages)
        {
            Apply(message, rows);
        }
        await store.SaveAsync(unitOfWork, rows, version, cancellationToken);
    }

    /// <summary>A stored event as its message, or null when this version does not know its type.</summary>
    public static object? Read(StoredEvent stored) =>
        ReportedEvents.ByName.TryGetValue(stored.EventType, out var type) ? JsonSerializer.Deserialize(stored.Payload, type, Json) : null;

    /// <summary>One event's change to the rows it touches.</summary>
    public static void Apply(object message, ReadModelWorkingSet rows)
    {
        switch (message)
        {
            case ReferralReceived e:
                var received = rows.Referral(e.ReferralId);
                (received.ReferringAgency, received.Urgency, received.Sex, received.ReceivedAt) = (e.ReferringAgency, e.Urgency, e.Sex, e.ReceivedAt);
                if (received.DetailsCorrectedAt is null)
                {
                    (received.AgeBand, received.PostcodeDistrict) = (e.AgeBand, e.PostcodeDistrict);
                }
                break;
            case ReferralDetailsCorrected e:
                var corrected = rows.Referral(e.ReferralId);
                if (IsLatest(corrected.DetailsCorrectedAt, e.CorrectedAt))
                {
                    (corrected.AgeBand, corrected.PostcodeDistrict, corrected.DetailsCorrectedAt) = (e.AgeBand, e.PostcodeDistrict, e.CorrectedAt);
                }
                break;
            case ReferralScreened e:
                var screened = rows.Referral(e.ReferralId);
                if (IsLatest(screened.ScreenedAt, e.ScreenedAt))
                {
                    (screened.ScreeningOutcome, screened.IneligibleReason, screened.ScreenedAt) =
                        (e.Outcome, e.Outcome == "ineligible" ? e.Reasons.FirstOrDefault() : null, e.ScreenedAt);
                }
                break;
            case ReferralLinkedToCase e:
                var linked = rows.Referral(e.ReferralId);
                (linked.CaseId, linked.JoinedExistingCase) = (e.CaseId, !e.NewCase);
                rows.Case(e.CaseId).PreviousCaseId = e.PreviousCaseId;
                break;
            case ReferralAwaitingConsent e:
                First(rows.Case(e.CaseId), c => c.ConsentRequestedAt, (c, at) => c.ConsentRequestedAt = at, e.At);
                break;
            case ReferralClosed e:
                var closed = rows.Referral(e.ReferralId);
                if (IsLatest(closed.ClosedAt, e.ClosedAt))
                {
                    (closed.ClosedReason, closed.ClosedAt) = (e.Reason, e.ClosedAt);
                }
                break;
            case ConsentGranted e:
                First(rows.Case(e.CaseId), c => c.ConsentGivenAt, (c, at) => c.ConsentGivenAt = at, e.GrantedAt);
                break;
            case ConsentRefused e:
                First(rows.Case(e.CaseId), c => c.ConsentRefusedAt, (c, at) => c.ConsentRefusedAt = at, e.RefusedAt);
                break;
            case ConsentWithdrawn e:
                First(rows.Case(e.CaseId), c => c.ConsentWithdrawnAt, (c, at) => c.ConsentWithdrawnAt = at, e.WithdrawnAt);
                break;
            case PanelDecisionRecorded e:
                First(rows.Case(e.CaseId), c => c.PanelDecidedAt, (c, at) => (c.PanelDecidedAt, c.PanelDecision) = (at, e.Decision), e.DecidedAt);
                break;
            case AssessmentRecorded e:
                rows.RecordAssessment(new AssessmentFacts
                {
                    AssessmentId = e.AssessmentId,
                    CaseId = e.CaseId,
                    AssessmentVersion = e.Version,
                    Total = e.Total,
                    Ratings = e.DomainRatings is null ? null : JsonSerializer.Serialize(e.DomainRatings, Json),
                    RecordedAt = e.RecordedAt,
                });
                break;
            case InterventionAssigned e:
                var assigned = rows.Intervention(e.InterventionId, e.CaseId);
                (assigned.InterventionType, assigned.LeadAgency, assigned.AssignedAt) = (e.Type, e.LeadAgency, e.AssignedAt);
                break;
            case InterventionStarted e:
                InterventionFirst(rows, e.InterventionId, e.CaseId, e.LeadAgency, i => i.StartedAt, (i, at) => i.StartedAt = at, e.StartedAt);
                First(rows.Case(e.CaseId), c => c.FirstInterventionAt, (c, at) => c.FirstInterventionAt = at, e.StartedAt);
                break;
            case InterventionCompleted e:
                InterventionFirst(rows, e.InterventionId, e.CaseId, e.LeadAgency, i => i.CompletedAt, (i, at) => i.CompletedAt = at, e.CompletedAt);
                break;
            case InterventionStopped e:
                InterventionFirst(rows, e.InterventionId, e.CaseId, e.LeadAgency, i => i.StoppedAt, (i, at) => (i.StoppedAt, i.StopReason) = (at, e.ReasonCode), e.StoppedAt);
                break;
            case InterventionSuspended e:
                InterventionFirst(rows, e.InterventionId, e.CaseId, e.LeadAgency, i => i.SuspendedAt, (i, at) => i.SuspendedAt = at, e.SuspendedAt);
                break;
            case CaseClosed e:
                var closedCase = rows.Case(e.CaseId);
                (closedCase.ClosedAt, closedCase.Outcome) = (e.ClosedAt, e.Outcome);
                break;
            case ReviewRecorded e:
                rows.Review(e.CaseId, e.NextDue);
                break;
            case ReviewOverdue e:
                rows.Review(e.CaseId, e.DueAt).Overdue = true;
                break;
        }
    }

    private static bool IsLatest(DateTimeOffset? kept, DateTimeOffset at) => kept is null || kept <= at;

    /// <summary>Keeps the earliest of all the events that say when something first happened.</summary>
    private static void First<TRow>(TRow row, Func<TRow, DateTimeOffset?> kept, Action<TRow, DateTimeOffset> set, DateTimeOffset at)
    {
        if (kept(row) is not { } earlier || earlier > at)
        {
            set(row, at);
        }
    }

    private static void InterventionFirst(ReadModelWorkingSet rows, Guid id, Guid caseId, string agency, Func<InterventionFacts, DateTimeOffset?> kept,
        Action<InterventionFacts, DateTimeOffset> set, DateTimeOffset at) =>
        First(rows.Intervention(id, caseId), kept, (i, time) =>
        {
            set(i, time);
            i.LeadAgency ??= agency;
        }, at);
}
