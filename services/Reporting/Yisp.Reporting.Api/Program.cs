using Yisp.Audit;
using Yisp.Data;
using Yisp.Reporting;
using Yisp.Reporting.Api;
using Yisp.Reporting.Application;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reporting");
builder.AddReportingServices();

var app = builder.Build();
if (await app.TryRunAuditCommandAsync(args) || await app.TryRunRebuildCommandAsync(args))
{
    return;
}
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapReportingApi();
app.MapDashboard();

await app.MigrateDatabaseAsync();
await app.RunAsync();
