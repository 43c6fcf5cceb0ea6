using Yisp.ServiceDefaults.OpenApi;

namespace Yisp.Reporting;

/// <summary>What the reporting API's document says.</summary>
public static class ReportingApiDocs
{
    public const string Title = "YISP Reporting API";

    public const string Summary = "Anonymised figures about the panel's work, from the events of the work itself, with disclosure control on every output.";

    public static void Describe(ApiSchemaDocs docs)
    {
    }
}
