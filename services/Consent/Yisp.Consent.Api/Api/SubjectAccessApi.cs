using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Consent.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Consent.Api;

/// <summary>Everything the consent service holds about one case's child, for a subject access request.</summary>
/// <param name="ForReview">What the data protection officer reviews before release: third parties' data the answer still holds.</param>
public sealed record ConsentSubjectAccess(Guid CaseId, ConsentView Request, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<RecordAccess> Accesses,
    IReadOnlyList<string> ForReview);

/// <summary>The consent service's answer to a subject access request, case by case (the gateway gathers the services' answers).</summary>
public static class SubjectAccessApi
{
    private static readonly string[] ForReview =
    [
        "Who recorded each decision (recordedBy) names a practitioner; the parent or carer's decisions are theirs as well as the child's: review before release.",
    ];

    public static RouteHandlerBuilder MapSubjectAccess(this RouteGroupBuilder consent) =>
        consent.MapGet("/subject-access/cases/{caseId:guid}", AnswerAsync).RequireRole(PlatformRoles.DataProtectionOfficer)
            .Audited("consent", "subject-access", "caseId")
            .Produces<ConsentSubjectAccess>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Everything held about a case's consent (data protection officer)")
            .WithDescription("For a subject access request: the consent request, every decision and withdrawal, the competence judgement, and " +
                "every recorded access to the case's consent. Data protection officers only (403 otherwise); the call is audited.");

    private static async Task<Results<Ok<ConsentSubjectAccess>, ProblemHttpResult>> AnswerAsync(Guid caseId, ConsentStore store, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var request = await store.FindRequestAsync(caseId, cancellationToken);
        if (request is null)
        {
            return CommandAnswers.NotFound(ConsentApi.Resource);
        }
        return TypedResults.Ok(new ConsentSubjectAccess(caseId, await ConsentApi.ViewAsync(store, request, cancellationToken),
            await ConsentApi.DecisionsAsync(store, caseId, cancellationToken), await audit.AccessesAsync([caseId.ToString()], cancellationToken), ForReview));
    }
}
