using Dapper;
using MassTransit;
using Yisp.Contracts.Privacy;
using Yisp.Intervention.Data;
using Yisp.Messaging;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Intervention.Messaging;

/// <summary>Retention erased the child's identity in the referral service: the case's free text here goes in the same breath, once.</summary>
public sealed class CaseErasedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics)
    : IdempotentConsumer<CaseErased>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<CaseErased> context, UnitOfWork unitOfWork) =>
        unitOfWork.Connection.ExecuteAsync(unitOfWork.Command(ErasureSql.EraseCase, new { caseId = context.Message.CaseId }, context.CancellationToken));
}
