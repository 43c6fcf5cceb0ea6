using System.Text.Json.Nodes;

namespace Yisp.Testing;

/// <summary>Messages as agencies' own systems send them to their adapters (the examples in docs/agency-adapters.md), valid unless a test changes a field.</summary>
public static class AgencyMessages
{
    public static JsonObject TenancyReferral(params string[] agenciesInvolved)
    {
        var body = JsonNode.Parse("""
        {
          "id": "ASB-2026-0042",
          "tenancy": { "reference": "T/10442", "address": { "line1": "4 Example Court", "town": "Testtown", "postcode": "sw1a1aa" } },
          "child": { "givenName": "Alfred", "familyName": "Testchild", "dateOfBirth": "2012-07-14", "sex": "male" },
          "household": [ { "name": "Beta Testparent", "relationship": "Mother", "isTenant": true, "phone": "01632 960001" } ],
          "officer": { "name": "Gamma Testofficer", "role": "Tenancy enforcement officer", "email": "gamma@housing.example" },
          "incidents": [
            { "date": "2026-11-02", "category": "intimidation", "summary": "Group outside the flats shouting at neighbours." },
            { "date": "2026-11-20", "category": "drugs" }
          ],
          "tenancyAtRisk": true,
          "concerns": "The family wants support before enforcement."
        }
        """)!.AsObject();
        if (agenciesInvolved.Length > 0)
        {
            body["agenciesInvolved"] = new JsonArray([.. agenciesInvolved.Select(a => JsonValue.Create(a))]);
        }
        return body;
    }
}
