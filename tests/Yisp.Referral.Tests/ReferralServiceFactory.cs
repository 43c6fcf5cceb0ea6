using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Yisp.Testing;

namespace Yisp.Referral.Tests;

/// <summary>The referral service in-process, on a test's own database and virtual host.</summary>
public sealed class ReferralServiceFactory(IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<ReferralServiceMarker>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }
}
