using Yisp.Consent;
using Yisp.Consent.Api;
using Yisp.Data;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("consent");
builder.AddConsentServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi();
app.MapConsentApi();

await app.MigrateDatabaseAsync();
await app.RunAsync();
