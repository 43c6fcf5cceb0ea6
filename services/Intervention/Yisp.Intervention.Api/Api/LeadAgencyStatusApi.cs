using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Intervention.Data;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

/// <summary>An intervention's status as its lead agency may always see it: the status and what to do, nothing else of the case.</summary>
public sealed record InterventionStatusView(Guid InterventionId, Guid CaseId, string LeadAgency, string Status, bool Suspended, string Instruction);

public static class LeadAgencyStatusApi
{
    public static RouteHandlerBuilder MapLeadAgencyStatus(this RouteGroupBuilder cases) =>
        cases.MapGet("/cases/{caseId:guid}/interventions/{interventionId:guid}/status", StatusAsync).Produces<InterventionStatusView>()
            .ProducesProblem(StatusCodes.Status404NotFound).Audited("case", "intervention-delivery", "caseId")
            .WithSummary("An intervention's status, for its lead agency")
            .WithDescription("The lead agency always sees the status of an intervention it leads, even once consent no longer shares the case " +
                "with it: the status only, and when suspended the instruction to stop work. The panel sees it too; anyone else gets 404.");

    private static async Task<Results<Ok<InterventionStatusView>, ProblemHttpResult>> StatusAsync(Guid caseId, Guid interventionId, HttpContext http,
        InterventionStore store, UnitOfWorkFactory unitsOfWork, CancellationToken cancellationToken)
    {
        await using var unitOfWork = await unitsOfWork.BeginAsync(cancellationToken);
        var intervention = (await store.InterventionsAsync(unitOfWork, caseId, cancellationToken)).FirstOrDefault(i => i.Id == interventionId);
        var caller = http.Caller();
        if (intervention is null || !(caller.SeesAllAgencies || caller.Agency == intervention.LeadAgency))
        {
            return CommandAnswers.NotFound("intervention");
        }
        var instruction = intervention.Suspended
            ? "suspended: consent no longer covers this intervention; stop work and share nothing more"
            : $"{intervention.Status}";
        return TypedResults.Ok(new InterventionStatusView(intervention.Id, caseId, intervention.LeadAgency, intervention.Status, intervention.Suspended, instruction));
    }
}
