using Yisp.Audit;
using Yisp.Data;
using Yisp.Gateway;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGateway();

var app = builder.Build();
if (await app.TryRunAuditCommandAsync(args))
{
    return;
}
app.UseGateway();

await app.MigrateDatabaseAsync();
await app.RunAsync();
