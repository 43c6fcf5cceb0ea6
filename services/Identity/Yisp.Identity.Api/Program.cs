using Yisp.Identity;
using Yisp.ServiceDefaults;

if (args is ["hash-secret", ..])
{
    // Operators register clients and people with hashes, never the secrets themselves. Read from standard
    // input so the secret stays out of the process list and shell history (an argument still works for scripts).
    var secret = args.Length > 1 ? args[1] : Console.In.ReadLine();
    if (string.IsNullOrEmpty(secret))
    {
        Console.Error.WriteLine("Usage: echo -n <secret> | dotnet Yisp.Identity.Api.dll hash-secret");
        Environment.ExitCode = 2;
        return;
    }
    Console.WriteLine(SecretHasher.Hash(secret));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity");
builder.AddIdentityService();
builder.Services.AddTokenServiceOpenApi(builder.Configuration);

var app = builder.Build();
app.UseIdentityService();
app.MapOpenApi();
app.LogDevelopmentClients();

await app.RunAsync();
