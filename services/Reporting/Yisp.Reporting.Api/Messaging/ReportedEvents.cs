using Yisp.Contracts.Consent;
using Yisp.Contracts.Referrals;

namespace Yisp.Reporting.Messaging;

/// <summary>Every event the platform's services publish (every record in the contracts' event namespaces), by its name.</summary>
public static class ReportedEvents
{
    private static readonly string[] Namespaces = ["Yisp.Contracts.Referrals", "Yisp.Contracts.Consent", "Yisp.Contracts.Interventions"];

    /// <summary>Requests and answers between services, not facts about the work.</summary>
    private static readonly Type[] NotEvents = [typeof(CheckConsent), typeof(ConsentCheckResult)];

    public static readonly IReadOnlyDictionary<string, Type> ByName = typeof(ReferralReceived).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && Namespaces.Contains(t.Namespace)
            && t.GetMethod("<Clone>$") is not null && !NotEvents.Contains(t))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);
}
