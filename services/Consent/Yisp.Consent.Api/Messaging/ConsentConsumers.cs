using MassTransit;
using Yisp.Consent.Application;
using Yisp.Contracts.Consent;
using Yisp.Contracts.Referrals;
using Yisp.Messaging;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Consent.Messaging;

/// <summary>A referral waiting for consent opens (or widens) its case's consent request: sharing with the referrer and the agencies involved.</summary>
public sealed class ReferralAwaitingConsentConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentCommands commands)
    : IdempotentConsumer<ReferralAwaitingConsent>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<ReferralAwaitingConsent> context, UnitOfWork unitOfWork) =>
        commands.OpenAsync(unitOfWork, context.Message.CaseId,
            context.Message.AgenciesInvolved.Append(context.Message.ReferringAgency)
                .Where(Yisp.Contracts.Agency.All.Contains), context.CancellationToken);
}

/// <summary>The consent check as a MassTransit request, for services that prefer the bus to HTTP.</summary>
public sealed class CheckConsentConsumer(ConsentCheck check) : IConsumer<CheckConsent>
{
    public async Task Consume(ConsumeContext<CheckConsent> context)
    {
        var request = context.Message;
        var answer = await check.CheckAsync(request.CaseId, request.Agency, request.Purpose, context.CancellationToken);
        await context.RespondAsync(new ConsentCheckResult(request.CaseId, request.Agency, request.Purpose, answer.Allowed, answer.ExpiresAt));
    }
}

/// <summary>The intervention service closed the case: its consent request closes too, and nothing stays in force.</summary>
public sealed class CaseClosedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentCommands commands)
    : IdempotentConsumer<Yisp.Contracts.Interventions.CaseClosed>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<Yisp.Contracts.Interventions.CaseClosed> context, UnitOfWork unitOfWork) =>
        commands.CloseWithinAsync(unitOfWork, context.Message.CaseId, $"case closed: {context.Message.Outcome}", context.CancellationToken);
}
