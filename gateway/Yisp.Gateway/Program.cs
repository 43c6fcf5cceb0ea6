using Yisp.Gateway;
using Yisp.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGateway();

var app = builder.Build();
app.UseServiceDefaults();
app.MapReverseProxy();

await app.RunAsync();
