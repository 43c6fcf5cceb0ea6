using Microsoft.AspNetCore.Http.HttpResults;
using Yisp.Audit;
using Yisp.Contracts.Consent;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

/// <summary>
/// How far an agency may see into a case: the panel sees all of it; an agency sees it only while consent
/// shares the case with that agency, and only the purposes consent covers. Delivery actions on an
/// intervention belong to its lead agency. A case not shared with the agency is a 404 like a missing one; other refusals
/// are 403; both are audited as denied. An agency is let in only when the consent service agrees at that moment; when it
/// cannot be asked, the answer is 503 (fail closed).
/// </summary>
public static class CaseAccess
{
    public static readonly string[] AllPurposes = [ConsentPurpose.Assessment, ConsentPurpose.Intervention, ConsentPurpose.Sharing, CaseTimeline.PanelOnly];

    /// <summary>For an agency, what both the case's copy of consent and the consent service's answer of this request cover.</summary>
    public static IReadOnlyList<string> VisiblePurposes(HttpContext http, CaseRow row)
    {
        var caller = http.Caller();
        if (caller.SeesAllAgencies)
        {
            return AllPurposes;
        }
        var confirmed = http.Items.TryGetValue(typeof(LiveConsent), out var live) ? (IReadOnlySet<string>)live! : new HashSet<string>();
        return SharedWith(row, caller.Agency) ? [.. row.Purposes.Where(confirmed.Contains)] : [];
    }

    internal static bool SharedWith(CaseRow row, string agency) =>
        row.Purposes.Contains(ConsentPurpose.Sharing) && row.Agencies.Contains(agency);

    /// <summary>Guards a case endpoint; with <paramref name="leadAgencyOnly"/> an agency may act only on interventions it leads.</summary>
    public static TBuilder WithinConsent<TBuilder>(this TBuilder endpoint, bool leadAgencyOnly = false) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = http.Caller();
            if (caller.SeesAllAgencies || !Guid.TryParse(http.GetRouteValue("caseId")?.ToString(), out var caseId))
            {
                return await next(context);
            }
            return await RefusalAsync(http, caller, caseId, leadAgencyOnly) ?? await next(context);
        });

    private static async Task<ProblemHttpResult?> RefusalAsync(HttpContext http, Caller caller, Guid caseId, bool leadAgencyOnly)
    {
        var cancellationToken = http.RequestAborted;
        var store = http.RequestServices.GetRequiredService<InterventionStore>();
        CaseRow? row;
        InterventionRow? intervention = null;
        await using (var unitOfWork = await http.RequestServices.GetRequiredService<UnitOfWorkFactory>().BeginAsync(cancellationToken))
        {
            row = await store.FindCaseAsync(unitOfWork, caseId, cancellationToken);
            if (row is not null && Guid.TryParse(http.GetRouteValue("interventionId")?.ToString(), out var interventionId))
            {
                intervention = (await store.InterventionsAsync(unitOfWork, caseId, cancellationToken)).FirstOrDefault(i => i.Id == interventionId);
            }
        }
        if (row is null)
        {
            return null; // the handler answers 404
        }
        if (!SharedWith(row, caller.Agency))
        {
            return Hidden(http);
        }
        // Asked after the local check, so clear refusals cost no round trip; a withdrawal already confirmed to the family wins.
        var confirmed = await http.RequestServices.GetRequiredService<LiveConsent>().PurposesAsync(caseId, caller.Agency, cancellationToken);
        if (confirmed is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Consent could not be confirmed.",
                detail: "The consent service did not answer; nothing is shared without its answer. Try again shortly.");
        }
        http.Items[typeof(LiveConsent)] = confirmed;
        if (!confirmed.Contains(ConsentPurpose.Sharing))
        {
            return Hidden(http);
        }
        if (intervention is null)
        {
            return null;
        }
        http.Audit().OwnerAgency = intervention.LeadAgency;
        if (!row.Purposes.Contains(ConsentPurpose.Intervention) || !confirmed.Contains(ConsentPurpose.Intervention))
        {
            return Refused(http, "Consent does not cover interventions on this case.");
        }
        return leadAgencyOnly && intervention.LeadAgency != caller.Agency
            ? Refused(http, $"Only the lead agency ({intervention.LeadAgency}) records this intervention's delivery.")
            : null;
    }

    /// <summary>A case not shared with the agency answers as one that does not exist: a case's existence says a family consented to support.</summary>
    internal static ProblemHttpResult Hidden(HttpContext http)
    {
        http.Audit().Denied = true;
        return CommandAnswers.NotFound(InterventionApi.Resource);
    }

    private static ProblemHttpResult Refused(HttpContext http, string why)
    {
        http.Audit().Denied = true;
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside consent.", detail: why);
    }
}
