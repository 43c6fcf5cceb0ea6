using Yisp.Identity;
using Yisp.ServiceDefaults;

if (args is ["hash-secret", var secret, ..])
{
    // Operators register clients and people with hashes, never the secrets themselves.
    Console.WriteLine(SecretHasher.Hash(secret));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity");
builder.AddIdentityService();

var app = builder.Build();
app.UseServiceDefaults();
app.LogDevelopmentClients();

await app.RunAsync();
