using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Yisp.Gateway.SubjectAccess;

/// <summary>
/// The package as a document a person can read: a section per service, each record as a table, every value encoded.
/// Names in the services' answers become labels ("receivedAt" reads "Received at").
/// </summary>
public static class SubjectAccessDocument
{
    private static readonly HtmlEncoder Encode = HtmlEncoder.Default;

    public static string Html(SubjectAccessPackage package)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Subject access: records held by the YISP Platform</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.3em 0}")
            .Append("th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#f0f0f0;font-weight:normal}</style>")
            .Append("</head><body><h1>Records held by the YISP Platform</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>Generated {Encode.Encode(package.GeneratedAt.ToString("u", CultureInfo.InvariantCulture))}. ")
            .Append(CultureInfo.InvariantCulture, $"Cases: {package.CaseIds.Count}. Each section is what one service holds; ")
            .Append("\"accesses\" lists every recorded call on these records (when, which agency and system, what for).</p>");
        Section(html, "Referrals (referral service)", [package.Referral]);
        Section(html, "Consent (consent service)", package.Consent);
        Section(html, "Case, assessments, support plan and interventions (intervention service)", package.Intervention);
        return html.Append("</body></html>").ToString();
    }

    private static void Section(StringBuilder html, string title, IReadOnlyList<JsonElement> answers)
    {
        html.Append("<section><h2>").Append(Encode.Encode(title)).Append("</h2>");
        if (answers.Count == 0)
        {
            html.Append("<p>Nothing held.</p>");
        }
        foreach (var answer in answers)
        {
            Value(html, answer);
        }
        html.Append("</section>");
    }

    private static void Value(StringBuilder html, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                html.Append("<table>");
                foreach (var property in value.EnumerateObject())
                {
                    html.Append("<tr><th>").Append(Encode.Encode(Label(property.Name))).Append("</th><td>");
                    Value(html, property.Value);
                    html.Append("</td></tr>");
                }
                html.Append("</table>");
                break;
            case JsonValueKind.Array when value.GetArrayLength() == 0:
                html.Append("none");
                break;
            case JsonValueKind.Array:
                html.Append("<ol>");
                foreach (var item in value.EnumerateArray())
                {
                    html.Append("<li>");
                    Value(html, item);
                    html.Append("</li>");
                }
                html.Append("</ol>");
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                html.Append('-');
                break;
            case JsonValueKind.True or JsonValueKind.False:
                html.Append(value.GetBoolean() ? "yes" : "no");
                break;
            default:
                html.Append(Encode.Encode(value.ToString()));
                break;
        }
    }

    /// <summary>"receivedAt" → "Received at", "nhsNumber" → "Nhs number".</summary>
    public static string Label(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i == 0)
            {
                words.Append(char.ToUpperInvariant(c));
            }
            else if (char.IsUpper(c))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }
        return words.ToString();
    }
}
