using Yisp.Audit;
using Yisp.Contracts.Consent;
using Yisp.Intervention.Application;
using Yisp.Intervention.Data;
using Yisp.Messaging.Outbox;
using Yisp.Messaging.Transactions;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Intervention.Api;

/// <summary>
/// How far an agency may see into a case: the panel sees all of it; an agency sees it only while consent
/// shares the case with that agency, and only the purposes consent covers. Delivery actions on an
/// intervention belong to its lead agency. Refusals are 403 and are audited as denied. An agency is let in only when
/// the consent service agrees at that moment; when it cannot be asked, the answer is 503 (fail closed).
/// </summary>
public static class CaseAccess
{
    private static readonly string[] AllPurposes = [ConsentPurpose.Assessment, ConsentPurpose.Intervention, ConsentPurpose.Sharing];

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

    private static bool SharedWith(CaseRow row, string agency) =>
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
            var refusal = await RefusalAsync(http, caller, caseId, leadAgencyOnly);
            if (refusal == Unconfirmed)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Consent could not be confirmed.",
                    detail: "The consent service did not answer; nothing is shared without its answer. Try again shortly.");
            }
            if (refusal is not null)
            {
                http.Audit().Denied = true;
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside consent.", detail: refusal);
            }
            return await next(context);
        });

    private const string Unconfirmed = "unconfirmed";

    private static async Task<string?> RefusalAsync(HttpContext http, Caller caller, Guid caseId, bool leadAgencyOnly)
    {
        var cancellationToken = http.RequestAborted;
        var store = http.RequestServices.GetRequiredService<InterventionStore>();
        await using var unitOfWork = await http.RequestServices.GetRequiredService<UnitOfWorkFactory>().BeginAsync(cancellationToken);
        var row = await store.FindCaseAsync(unitOfWork, caseId, cancellationToken);
        if (row is null)
        {
            return null; // the handler answers 404
        }
        if (!SharedWith(row, caller.Agency))
        {
            return $"Consent does not share this case with {caller.Agency}.";
        }
        // Asked after the local check, so clear refusals cost no round trip; a withdrawal already confirmed to the family wins.
        var confirmed = await http.RequestServices.GetRequiredService<LiveConsent>().PurposesAsync(caseId, caller.Agency, cancellationToken);
        if (confirmed is null)
        {
            return Unconfirmed;
        }
        http.Items[typeof(LiveConsent)] = confirmed;
        if (!confirmed.Contains(ConsentPurpose.Sharing))
        {
            return $"Consent does not share this case with {caller.Agency}.";
        }
        if (!Guid.TryParse(http.GetRouteValue("interventionId")?.ToString(), out var interventionId))
        {
            return null;
        }
        var intervention = (await store.InterventionsAsync(unitOfWork, caseId, cancellationToken)).FirstOrDefault(i => i.Id == interventionId);
        if (intervention is null)
        {
            return null;
        }
        http.Audit().OwnerAgency = intervention.LeadAgency;
        if (!row.Purposes.Contains(ConsentPurpose.Intervention) || !confirmed.Contains(ConsentPurpose.Intervention))
        {
            return "Consent does not cover interventions on this case.";
        }
        return leadAgencyOnly && intervention.LeadAgency != caller.Agency
            ? $"Only the lead agency ({intervention.LeadAgency}) records this intervention's delivery."
            : null;
    }
}
