using MassTransit;
using Yisp.Contracts.Consent;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Messaging;
using Yisp.Messaging.Inbox;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;

namespace Yisp.Intervention.Messaging;

public sealed class ConsentGrantedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentScope scope)
    : IdempotentConsumer<ConsentGranted>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<ConsentGranted> context, UnitOfWork unitOfWork) =>
        scope.ApplyAsync(unitOfWork, context.Message.CaseId, context.Message.Purposes, context.Message.Agencies, context.CancellationToken);
}

public sealed class ConsentChangedConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentScope scope)
    : IdempotentConsumer<ConsentChanged>(unitsOfWork, metrics)
{
    protected override Task HandleAsync(ConsumeContext<ConsentChanged> context, UnitOfWork unitOfWork) =>
        scope.ApplyAsync(unitOfWork, context.Message.CaseId, context.Message.Purposes, context.Message.Agencies, context.CancellationToken);
}

public sealed class ConsentWithdrawnConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentScope scope, InterventionStore store)
    : IdempotentConsumer<ConsentWithdrawn>(unitsOfWork, metrics)
{
    protected override async Task HandleAsync(ConsumeContext<ConsentWithdrawn> context, UnitOfWork unitOfWork)
    {
        var message = context.Message;
        var row = await store.FindCaseAsync(unitOfWork, message.CaseId, context.CancellationToken);
        var (purposes, agencies) = ConsentScope.Without(row, message.Whole, message.Purposes, message.Agencies);
        await scope.ApplyAsync(unitOfWork, message.CaseId, purposes, agencies, context.CancellationToken);
    }
}

public sealed class ConsentExpiredConsumer(UnitOfWorkFactory unitsOfWork, MessagingMetrics metrics, ConsentScope scope, InterventionStore store)
    : IdempotentConsumer<ConsentExpired>(unitsOfWork, metrics)
{
    protected override async Task HandleAsync(ConsumeContext<ConsentExpired> context, UnitOfWork unitOfWork)
    {
        var message = context.Message;
        var row = await store.FindCaseAsync(unitOfWork, message.CaseId, context.CancellationToken);
        var (purposes, agencies) = ConsentScope.Without(row, false, message.Purposes, message.Agencies);
        await scope.ApplyAsync(unitOfWork, message.CaseId, purposes, agencies, context.CancellationToken);
    }
}
