using Yisp.Audit;

namespace Yisp.Reporting.Api;

public static class ReportingApi
{
    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuditApi("/api/reports");
        return endpoints;
    }
}
