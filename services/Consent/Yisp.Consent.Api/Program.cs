using Yisp.Audit;
using Yisp.Consent;
using Yisp.Consent.Api;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("consent");
builder.AddConsentServices();

var app = builder.Build();
if (await app.TryRunAuditCommandAsync(args))
{
    return;
}
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapConsentApi();

await app.MigrateDatabaseAsync();
await app.RunAsync();
