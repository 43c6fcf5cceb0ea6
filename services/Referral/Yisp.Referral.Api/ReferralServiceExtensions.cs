using Microsoft.Extensions.Options;
using Yisp.Audit;
using Yisp.Data;
using Yisp.Data.Idempotency;
using Yisp.Messaging;
using Yisp.Referral.Application;
using Yisp.Referral.Catalogue;
using Yisp.Referral.Data;
using Yisp.Referral.Domain.Matching;
using Yisp.Referral.Domain.Privacy;
using Yisp.Referral.Domain.Screening;
using Yisp.Referral.Messaging;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Security;

namespace Yisp.Referral;

public static class ReferralServiceExtensions
{
    public static WebApplicationBuilder AddReferralServices(this WebApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.AddAuditTrail();
        builder.AddIdempotencyKeys();
        var services = builder.Services;
        builder.AddDatabase(typeof(ReferralServiceExtensions).Assembly);
        builder.AddMessaging("Referral", bus =>
        {
            bus.AddConsumer<ConsentGrantedConsumer>();
            bus.AddConsumer<ConsentChangedConsumer>();
            bus.AddConsumer<ConsentRefusedConsumer>();
            bus.AddConsumer<ConsentWithdrawnConsumer>();
            bus.AddConsumer<CaseClosedConsumer>();
        });
        services.AddPlatformOpenApi(builder.Configuration, ReferralApiDocs.Title, ReferralApiDocs.Summary, ReferralApiDocs.Describe(builder.Configuration));
        services.AddValidatedOptions<ScreeningOptions>(builder.Configuration, ScreeningOptions.Section);
        services.AddValidatedOptions<PrivacyOptions>(builder.Configuration, PrivacyOptions.Section);
        services.AddValidatedOptions<MatchingOptions>(builder.Configuration, MatchingOptions.Section);
        services.AddValidatedOptions<RetentionOptions>(builder.Configuration, RetentionOptions.Section);
        services.AddSingleton(sp =>
        {
            var privacy = sp.GetRequiredService<IOptions<PrivacyOptions>>().Value;
            return new IdentityProtector(privacy.DecodedKeys(), privacy.ActiveKeyId);
        });
        services.AddSingleton(sp => new MatchKeyHasher(Convert.FromBase64String(sp.GetRequiredService<IOptions<MatchingOptions>>().Value.Secret)));
        services.AddSingleton(_ => RiskFactorCatalogue.Load(Path.Combine(AppContext.BaseDirectory,
            builder.Configuration["Referral:RiskFactorCatalogue"] ?? Path.Combine("Catalogue", "risk-factors.json"))));
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<KeyStore>();
        services.AddSingleton<KeyResealing>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyResealing>());
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<RetentionErasure>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionErasure>());
        services.AddSingleton<CaseScreening>();
        services.AddSingleton<ReferralIntake>();
        services.AddSingleton<CorrectionStore>();
        services.AddSingleton<IdentityCorrections>();
        services.AddSingleton<ReferralChanges>();
        services.AddSingleton<ConsentOutcomes>();
        return builder;
    }
}

/// <summary>Names this service's entry assembly for test hosts.</summary>
public sealed class ReferralServiceMarker;
