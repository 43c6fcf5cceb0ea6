using MassTransit;
using Yisp.Contracts.Interventions;
using Yisp.Messaging;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Transactions;
using Yisp.Reporting.Application;

namespace Yisp.Reporting.Messaging;

/// <summary>A closed case closes its open items; the inbox makes a redelivery change nothing.</summary>
public sealed class CaseClosedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ItemCommands commands)
    : IdempotentConsumer<CaseClosed>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<CaseClosed> context, UnitOfWork unitOfWork) =>
        commands.CloseForCaseAsync(unitOfWork, context.Message.CaseId, $"case closed: {context.Message.Outcome}", context.CancellationToken);
}
