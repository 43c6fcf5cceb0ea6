using Yisp.Audit;
using Yisp.Data;
using Yisp.Sample;
using Yisp.Sample.Api;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("sample");
builder.AddSampleServices();

var app = builder.Build();
if (await app.TryRunAuditCommandAsync(args))
{
    return;
}
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapSampleApi();

await app.MigrateDatabaseAsync();
await app.RunAsync();
