using Yisp.Audit;
using Yisp.Data;
using Yisp.Intervention;
using Yisp.Intervention.Api;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("intervention");
builder.AddInterventionServices();

var app = builder.Build();
if (await app.TryRunAuditCommandAsync(args))
{
    return;
}
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapInterventionApi();
app.MapPanelApi();

await app.MigrateDatabaseAsync();
await app.RunAsync();
