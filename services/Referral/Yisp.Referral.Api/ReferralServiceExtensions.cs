using Yisp.Data;
using Yisp.Messaging;
using Yisp.Referral.Api;
using Yisp.Referral.Data;

namespace Yisp.Referral;

public static class ReferralServiceExtensions
{
    public static WebApplicationBuilder AddReferralServices(this WebApplicationBuilder builder)
    {
        builder.AddDatabase(typeof(ReferralServiceExtensions).Assembly);
        builder.AddMessaging();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<ReferralStore>();
        builder.Services.AddSingleton<ReferralIntake>();
        return builder;
    }
}

/// <summary>Names this service's entry assembly for test hosts.</summary>
public sealed class ReferralServiceMarker;
