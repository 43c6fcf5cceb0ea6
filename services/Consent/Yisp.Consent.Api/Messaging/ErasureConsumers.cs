using Dapper;
using MassTransit;
using Yisp.Consent.Data;
using Yisp.Contracts.Privacy;
using Yisp.Messaging;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Consent.Messaging;

/// <summary>Retention erased the child's identity in the referral service: the case's free text here goes too, once. Every decision's codes and dates stay.</summary>
public sealed class CaseErasedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics)
    : IdempotentConsumer<CaseErased>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<CaseErased> context, UnitOfWork unitOfWork) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ConsentSql.EraseCase, new { caseId = context.Message.CaseId }, context.CancellationToken));
}
