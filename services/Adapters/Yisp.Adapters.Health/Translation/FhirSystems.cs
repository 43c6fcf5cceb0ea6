namespace Yisp.Adapters.Health.Translation;

/// <summary>The identifier and code systems the health adapter reads and writes.</summary>
public static class FhirSystems
{
    /// <summary>NHS number (UK Core Patient.identifier:nhsNumber).</summary>
    public const string NhsNumber = "https://fhir.nhs.uk/Id/nhs-number";

    /// <summary>
    /// The platform's risk factor catalogue as a code system: a ServiceRequest.category or reasonCode coding with this system
    /// names a risk factor by its catalogue code (GET /api/referrals/risk-factors), such as <c>persistent-absence</c>.
    /// Codings in other systems are read as reasons text only.
    /// </summary>
    public const string RiskFactor = "urn:yisp:risk-factor";

    // Platform ids on outbound resources: logical references by identifier, so no resource on the agency's side names the child.
    public const string Case = "urn:yisp:case";
    public const string Intervention = "urn:yisp:intervention";
    public const string Referral = "urn:yisp:referral";
    public const string Notification = "urn:yisp:notification";
    public const string NotificationKind = "urn:yisp:notification-kind";
    public const string NotificationStatus = "urn:yisp:notification-status";
}
