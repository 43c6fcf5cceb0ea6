using Hl7.Fhir.Model;

namespace Yisp.Adapters.Health.Translation;

/// <summary>
/// The health adapter's CapabilityStatement (GET /metadata): an R4 server taking JSON, whose one interaction is a transaction
/// (POST of a Bundle holding a ServiceRequest and a UK Core Patient) and which answers GET /metadata with this statement.
/// </summary>
public static class HealthCapabilities
{
    public const string UkCorePatient = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
    public const string UkCoreServiceRequest = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest";

    public static CapabilityStatement Statement(string softwareVersion, DateTimeOffset releasedAt) => new()
    {
        Status = PublicationStatus.Active,
        Date = releasedAt.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "YISP health adapter", Version = softwareVersion },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "POST / with a transaction Bundle holding one ServiceRequest (the referral) and one Patient refers a child; "
                    + "errors answer an OperationOutcome. GET /metadata answers this statement.",
                Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction }],
                Resource =
                [
                    Accepted("Patient", UkCorePatient),
                    Accepted("ServiceRequest", UkCoreServiceRequest),
                ],
            },
        ],
    };

    public static string ToJson(string softwareVersion, DateTimeOffset releasedAt) => FhirJson.Write(Statement(softwareVersion, releasedAt));

    // Taken only inside a transaction, so a create interaction and no read or search.
    private static CapabilityStatement.ResourceComponent Accepted(string type, string profile) => new()
    {
        Type = type,
        SupportedProfile = [profile],
        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create }],
    };
}
