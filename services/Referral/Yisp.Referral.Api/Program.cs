using Yisp.Data;
using Yisp.Referral;
using Yisp.Referral.Api;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("referral");
builder.AddReferralServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOpenApi();
app.MapReferralsApi();

await app.MigrateDatabaseAsync();
await app.RunAsync();
