using MassTransit;
using Yisp.Contracts.Agencies;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Referrals;
using Yisp.Messaging;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.Referral.Application;
using Yisp.Referral.Data;
using Yisp.Referral.Domain;

namespace Yisp.Referral.Messaging;

/// <summary>Moves a case's referrals on when the family's consent decision arrives.</summary>
public sealed class ConsentOutcomes(ReferralStore store, TimeProvider time)
{
    public Task AcceptAsync(UnitOfWork unitOfWork, Guid caseId, IReadOnlyList<string> purposes, CancellationToken cancellationToken) =>
        purposes.Contains(ConsentPurpose.Assessment)
            ? MoveAsync(unitOfWork, caseId, r => r.Status == ReferralStatus.AwaitingConsent,
                r => new ReferralAccepted(r.Id, caseId, time.GetUtcNow()), ReferralStatus.Accepted, null, cancellationToken, ConsentDecision.Given)
            : Task.CompletedTask;

    /// <param name="consentDecision">When the move is the family's decision: the referring agency is told it (given or refused).</param>
    public async Task MoveAsync(UnitOfWork unitOfWork, Guid caseId, Func<ReferralRecord, bool> applies,
        Func<ReferralRecord, object> announce, string status, string? closeReason, CancellationToken cancellationToken, string? consentDecision = null)
    {
        foreach (var referral in await store.FindByCaseAsync(unitOfWork, caseId, cancellationToken))
        {
            if (!applies(referral) || !ReferralLifecycle.CanMove(referral.Status, status))
            {
                continue;
            }
            referral.Status = status;
            referral.CloseReason = closeReason;
            referral.UpdatedAt = time.GetUtcNow();
            if (!await store.UpdateAsync(unitOfWork, referral, cancellationToken))
            {
                throw new InvalidOperationException("A referral changed while its consent decision was applied; retrying.");
            }
            unitOfWork.Publish(announce(referral));
            if (consentDecision is not null)
            {
                ReferrerNotices.Tell(unitOfWork, referral, NotificationKind.ConsentDecided, consentDecision, referral.UpdatedAt);
            }
        }
    }
}

/// <summary>A referral is accepted for assessment only when consent covers assessment.</summary>
public sealed class ConsentGrantedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentOutcomes outcomes)
    : IdempotentConsumer<ConsentGranted>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<ConsentGranted> context, UnitOfWork unitOfWork) =>
        outcomes.AcceptAsync(unitOfWork, context.Message.CaseId, context.Message.Purposes, context.CancellationToken);
}

public sealed class ConsentChangedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentOutcomes outcomes)
    : IdempotentConsumer<ConsentChanged>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<ConsentChanged> context, UnitOfWork unitOfWork) =>
        outcomes.AcceptAsync(unitOfWork, context.Message.CaseId, context.Message.Purposes, context.CancellationToken);
}

public sealed class ConsentRefusedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentOutcomes outcomes, TimeProvider time)
    : IdempotentConsumer<ConsentRefused>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<ConsentRefused> context, UnitOfWork unitOfWork) =>
        outcomes.MoveAsync(unitOfWork, context.Message.CaseId,
            r => r.Status is ReferralStatus.AwaitingConsent or ReferralStatus.Accepted,
            r => new ReferralClosed(r.Id, context.Message.CaseId, CloseReason.ConsentRefused, time.GetUtcNow()),
            ReferralStatus.Closed, CloseReason.ConsentRefused, context.CancellationToken, ConsentDecision.Refused);
}

/// <summary>Only a withdrawal of all consent closes referrals; a partial one narrows sharing elsewhere.</summary>
public sealed class ConsentWithdrawnConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentOutcomes outcomes, TimeProvider time)
    : IdempotentConsumer<ConsentWithdrawn>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<ConsentWithdrawn> context, UnitOfWork unitOfWork) =>
        outcomes.MoveAsync(unitOfWork, context.Message.CaseId,
            r => context.Message.Whole && r.Status is ReferralStatus.AwaitingConsent or ReferralStatus.Accepted,
            r => new ReferralClosed(r.Id, context.Message.CaseId, CloseReason.ConsentWithdrawn, time.GetUtcNow()),
            ReferralStatus.Closed, CloseReason.ConsentWithdrawn, context.CancellationToken);
}

/// <summary>
/// The intervention service closed the case: its referrals close, and its identifiers are released so
/// the child's next referral opens a new episode, linked to this one.
/// </summary>
public sealed class CaseClosedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentOutcomes outcomes, ReferralStore store, TimeProvider time)
    : IdempotentConsumer<Contracts.Interventions.CaseClosed>(unitsOfWork, metrics)
{
    protected override async Task HandleAsync(ConsumeContext<Contracts.Interventions.CaseClosed> context, UnitOfWork unitOfWork)
    {
        var caseId = context.Message.CaseId;
        if (!await store.CloseCaseAsync(unitOfWork, caseId, context.Message.ClosedAt, context.CancellationToken))
        {
            return;
        }
        await outcomes.MoveAsync(unitOfWork, caseId,
            r => r.Status is not ReferralStatus.Closed,
            r => new ReferralClosed(r.Id, caseId, CloseReason.CaseClosed, time.GetUtcNow()),
            ReferralStatus.Closed, CloseReason.CaseClosed, context.CancellationToken);
    }
}
