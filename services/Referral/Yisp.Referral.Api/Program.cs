using Yisp.Audit;
using Yisp.Data;
using Yisp.Referral;
using Yisp.Referral.Api;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("referral");
builder.AddReferralServices();

var app = builder.Build();
if (await app.TryRunAuditCommandAsync(args))
{
    return;
}
app.UseServiceDefaults();
app.MapOpenApi().AllowAnonymous();
app.MapReferralsApi();

await app.MigrateDatabaseAsync();
await app.RunAsync();
