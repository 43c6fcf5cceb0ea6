using Yisp.Audit;
using Yisp.Consent.Data;
using Yisp.ServiceDefaults.Http;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Consent.Api;

/// <summary>
/// The panel sees every consent record; a practitioner only those of cases the request involves their
/// agency in. Anyone else is told there is no such record, and the refusal is audited.
/// </summary>
public static class ConsentAccess
{
    public static TBuilder WithinCaseAgencies<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = http.Caller();
            if (caller.SeesAllAgencies || !Guid.TryParse(http.GetRouteValue("caseId")?.ToString(), out var caseId))
            {
                return await next(context);
            }
            var request = await http.RequestServices.GetRequiredService<ConsentStore>().FindRequestAsync(caseId, http.RequestAborted);
            if (request is not null && !request.AgencyList.Contains(caller.Agency))
            {
                http.Audit().Denied = true;
                return CommandAnswers.NotFound(ConsentApi.Resource);
            }
            return await next(context);
        });
}
