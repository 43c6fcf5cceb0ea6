namespace Yisp.ServiceDefaults.Security;

/// <summary>Claim names in the platform's access tokens (JWT names, not mapped to .NET's long URIs).</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string ClientId = "client_id";
    public const string Agency = "agency";
    public const string Role = "role";
    public const string Scope = "scope";
}

/// <summary>The API scopes a client or person may be granted.</summary>
public static class PlatformScopes
{
    public const string Referrals = "referrals";
    public const string Consent = "consent";
    public const string Interventions = "interventions";
    public const string Audit = "audit";
    public const string Reports = "reports";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Referrals, Consent, Interventions, Audit, Reports };
}

/// <summary>What a caller does on the panel; an agency system without a person's role acts only for its agency.</summary>
public static class PlatformRoles
{
    public const string Coordinator = "coordinator";
    public const string PanelMember = "panel-member";
    public const string Practitioner = "practitioner";
    public const string Auditor = "auditor";
    public const string AgencySystem = "agency-system";

    /// <summary>Runs the platform: maintenance such as rebuilding the reporting read model, never a child's record.</summary>
    public const string Operator = "operator";

    /// <summary>Answers the people the records are about (subject access): reads everything held about one child, audited.</summary>
    public const string DataProtectionOfficer = "data-protection-officer";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Coordinator, PanelMember, Practitioner, Auditor, AgencySystem, Operator, DataProtectionOfficer,
    };
}
