using System.Text.Json.Nodes;

namespace Yisp.Testing;

/// <summary>FHIR R4 transaction bundles as a GP system would send them (UK Core profiles), about an obviously fictional child.</summary>
public static class FhirBundles
{
    public static readonly DateOnly Today = new(2026, 12, 2);

    /// <summary>A valid NHS number of the test range: 9*10 = 90, 90 mod 11 = 2, check 11 - 2 = 9.</summary>
    public const string NhsNumber = "9000000009";

    public static JsonObject Valid() => JsonNode.Parse(ValidJson)!.AsObject();

    /// <summary>The resource of entry <paramref name="index"/> (0: ServiceRequest, 1: Patient, 2: PractitionerRole, 3: Practitioner).</summary>
    public static JsonObject Resource(this JsonObject bundle, int index) => bundle["entry"]![index]!["resource"]!.AsObject();

    private const string ValidJson = """
    {
      "resourceType": "Bundle",
      "type": "transaction",
      "entry": [
        {
          "fullUrl": "urn:uuid:5d2f3b8e-0c1a-4a8e-9a55-1b3c7a9d0001",
          "resource": {
            "resourceType": "ServiceRequest",
            "meta": { "profile": [ "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest" ] },
            "status": "active",
            "intent": "order",
            "priority": "urgent",
            "category": [
              { "coding": [ { "system": "urn:yisp:risk-factor", "code": "mental-health-concerns" } ] }
            ],
            "code": { "text": "Referral to the youth inclusion and support panel" },
            "subject": { "reference": "urn:uuid:5d2f3b8e-0c1a-4a8e-9a55-1b3c7a9d0002" },
            "requester": { "reference": "urn:uuid:5d2f3b8e-0c1a-4a8e-9a55-1b3c7a9d0003" },
            "reasonCode": [
              { "text": "Low mood and missed appointments" },
              { "coding": [ { "system": "urn:yisp:risk-factor", "code": "substance-misuse", "display": "Own substance misuse" } ] }
            ],
            "note": [ { "text": "Seen twice this term at the practice." } ]
          },
          "request": { "method": "POST", "url": "ServiceRequest" }
        },
        {
          "fullUrl": "urn:uuid:5d2f3b8e-0c1a-4a8e-9a55-1b3c7a9d0002",
          "resource": {
            "resourceType": "Patient",
            "meta": { "profile": [ "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient" ] },
            "identifier": [ { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9000000009" } ],
            "name": [
              { "use": "usual", "given": [ "Alfie" ], "family": "Testchild" },
              { "use": "official", "given": [ "Alfred", "Example" ], "family": "Testchild" }
            ],
            "gender": "male",
            "birthDate": "2014-03-09",
            "address": [
              { "use": "home", "line": [ "1 Example Street", "Flat 2" ], "city": "Testtown", "postalCode": "sw1a1aa" }
            ],
            "contact": [
              {
                "relationship": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "N", "display": "Next-of-Kin" } ], "text": "Mother" } ],
                "name": { "given": [ "Beta" ], "family": "Testparent" },
                "telecom": [ { "system": "phone", "value": "01632 960001" }, { "system": "email", "value": "beta@example.org" } ]
              }
            ]
          },
          "request": { "method": "POST", "url": "Patient" }
        },
        {
          "fullUrl": "urn:uuid:5d2f3b8e-0c1a-4a8e-9a55-1b3c7a9d0003",
          "resource": {
            "resourceType": "PractitionerRole",
            "practitioner": { "reference": "urn:uuid:5d2f3b8e-0c1a-4a8e-9a55-1b3c7a9d0004" },
            "code": [ { "text": "General practitioner" } ],
            "telecom": [ { "system": "email", "value": "gamma.testdoctor@example.org" } ]
          },
          "request": { "method": "POST", "url": "PractitionerRole" }
        },
        {
          "fullUrl": "urn:uuid:5d2f3b8e-0c1a-4a8e-9a55-1b3c7a9d0004",
          "resource": {
            "resourceType": "Practitioner",
            "name": [ { "prefix": [ "Dr" ], "given": [ "Gamma" ], "family": "Testdoctor" } ],
            "telecom": [ { "system": "phone", "value": "01632 960002" } ]
          },
          "request": { "method": "POST", "url": "Practitioner" }
        }
      ]
    }
    """;
}
