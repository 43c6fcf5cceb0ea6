using Yisp.Reporting.Api;
using Yisp.ServiceDefaults.OpenApi;

namespace Yisp.Reporting;

/// <summary>What the API's document says about its bodies: required fields, code lists and examples.</summary>
public static class ReportingApiDocs
{
    public const string Title = "YISP Reporting API";

    public const string Summary = "Items kept about a case, closed when the case closes.";

    public static void Describe(ApiSchemaDocs docs)
    {
        docs.For<CreateItemRequest>(d => d
            .Describe("A new item about a case. Required: caseId and title.")
            .Required("caseId", "title")
            .Field("title", "One line, at most 200 characters.", "First meeting with the family")
            .Field("notes", "Free text, at most 4000 characters; line breaks kept.", "Met at school.\nAgreed a weekly check-in.")
            .WithExample(new { caseId = "0193a4f2-5c1e-7b9a-8d2e-3f4a5b6c7d8e", title = "First meeting with the family", notes = "Met at school." }));
        docs.For<CloseItemRequest>(d => d
            .Required("reason")
            .Field("reason", "Why the item is closed, at most 1000 characters.", "Actions complete.")
            .WithExample(new { reason = "Actions complete." }));
    }
}
