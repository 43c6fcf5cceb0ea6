using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Yisp.Testing;

/// <summary>
/// Sends generated requests to every operation of a service's OpenAPI document, as each kind of caller: values the
/// schema allows, then mutated ones (wrong types, boundary numbers, long, control-character, bidi and offset-bearing
/// strings, missing and extra fields, repeated keys, broken JSON). Reports any 5xx, any hang, any 400 that is not a
/// problem naming fields, and any 2xx to a caller that must be refused. Seeded, so a finding can be replayed.
/// </summary>
public sealed class ApiFuzzer(JsonElement document, int seed)
{
    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "a\u0000b", "\u202Eevil", "\u2066x\u2069", "\t\r\n", "😀👨‍👩‍👧", "\uFEFF", "Ω≈ç√", "' OR 1=1 --", "<script>", "../../etc/passwd",
        "%00", "${jndi:x}", "2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00-12:00", "2026-02-30", "9999-12-31T23:59:59+14:00",
        "0001-01-01", "abc", "-1", "1e309", new string('x', 5000), new string('é', 300),
    ];

    private static readonly string[] OddNumbers =
        ["0", "-1", "2147483648", "-2147483649", "9223372036854775808", "1e309", "-1e309", "1.5", "0.0000001", "1E2", "-0"];

    private readonly Random random = new(seed);
    private readonly Dictionary<int, int> statuses = [];

    /// <summary>How many requests were sent, and how many got each status: to see that the run reached past the front door.</summary>
    public IReadOnlyDictionary<int, int> Statuses => statuses;

    /// <summary>Set by a mutation that no service may accept (a repeated key, broken JSON, another media type or charset).</summary>
    private bool mustFail;

    /// <summary>A caller and whether every operation must refuse it (anonymous, or no scope at all).</summary>
    public sealed record Caller(string Name, HttpClient Client, bool MustBeRefused);

    /// <summary>The panel (a coordinator), an agency system, an auditor, a client with no scope and nobody.</summary>
    /// <summary>
    /// A service's fuzz test: its own OpenAPI document drives generated and mutated requests for a few seconds, from every
    /// kind of caller; any finding (a 5xx, a hang, a problem not naming fields, an answer a caller must not get) fails it.
    /// </summary>
    public static async Task AssertSoundAsync(HttpClient service, Func<string?, Task<HttpClient>> clientAs, Action<string> log, int seed = 17)
    {
        var document = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(service, "/openapi/v1.json");
        var fuzzer = new ApiFuzzer(document, seed);
        var findings = await fuzzer.RunAsync(await CallersAsync(clientAs), TimeSpan.FromSeconds(4));

        Xunit.Assert.True(findings.Count == 0, $"{findings.Count} findings:\n" + string.Join("\n", findings.Distinct().Take(20)));
        var statuses = string.Join(", ", fuzzer.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        log(statuses);
        Xunit.Assert.True(fuzzer.Statuses.Keys.Any(s => s < 300), $"nothing reached past the front door ({statuses})");
    }

    public static async Task<IReadOnlyList<Caller>> CallersAsync(Func<string?, Task<HttpClient>> clientAs) =>
    [
        new("coordinator", await clientAs(TestIdentity.Coordinator), false),
        new("police", await clientAs(TestIdentity.AgencyClient("police")), false),
        new("auditor", await clientAs(TestIdentity.Auditor), false),
        new("data protection officer", await clientAs(TestIdentity.DataProtectionOfficer), false),
        new("unscoped", await clientAs(TestIdentity.Unscoped), true),
        new("anonymous", await clientAs(null), true),
    ];

    /// <returns>One line per finding; empty when the service held.</returns>
    public async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<Caller> callers, TimeSpan budget)
    {
        var findings = new List<string>();
        var operations = Operations().ToList();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        // At least one plain round and one mutated round whatever the machine's speed; more while the budget lasts.
        while (clock.Elapsed < budget || sent < 2 * operations.Count * callers.Count)
        {
            var (method, template, operation) = operations[sent % operations.Count];
            var caller = callers[sent / operations.Count % callers.Count];
            var mutate = sent >= operations.Count * callers.Count && random.Next(4) != 0;
            mustFail = false;
            var (request, description) = Build(method, template, operation, mutate);
            sent++;
            using (request)
            {
                var finding = await SendAsync(caller, request, description, operation);
                if (finding is not null)
                {
                    findings.Add(finding);
                }
            }
        }
        return findings;
    }

    private async Task<string?> SendAsync(Caller caller, HttpRequestMessage request, string description, JsonElement operation)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        HttpResponseMessage response;
        try
        {
            response = await caller.Client.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return $"hang (10 s) as {caller.Name}: {description}";
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            var where = $"{status} as {caller.Name}: {description}\n    -> {Cut(body, 300)}";
            if (status >= 500)
            {
                return where;
            }
            if (caller.MustBeRefused && status < 400 && operation.TryGetProperty("security", out _))
            {
                return "not refused: " + where;
            }
            if (mustFail && status < 400)
            {
                return "ambiguous or malformed body accepted: " + where;
            }
            if (status == 400 && !NamesFields(response, body))
            {
                return "400 without fields: " + where;
            }
            return null;
        }
    }

    private static bool NamesFields(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.EnumerateObject().Any();
    }

    private IEnumerable<(string Method, string Template, JsonElement Operation)> Operations()
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                yield return (operation.Name.ToUpperInvariant(), path.Name, operation.Value);
            }
        }
    }

    private (HttpRequestMessage Request, string Description) Build(string method, string template, JsonElement operation, bool mutate)
    {
        var path = new StringBuilder(template);
        var query = new List<string>();
        var request = new HttpRequestMessage(new HttpMethod(method), "");
        foreach (var parameter in operation.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            var name = parameter.GetProperty("name").GetString()!;
            var schema = parameter.TryGetProperty("schema", out var s) ? Resolve(s) : default;
            var value = mutate && random.Next(3) == 0 ? Pick(OddStrings) : ScalarText(schema);
            switch (parameter.GetProperty("in").GetString())
            {
                case "path": // Kestrel refuses a NUL in the path before any service code runs (the test host would throw)
                    path.Replace("{" + name + "}", Uri.EscapeDataString(value.Contains('\0') || value.Contains("%00") ? "abc" : value));
                    break;
                case "query" when !mutate || random.Next(3) != 0:
                    query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
                    break;
                case "header" when !mutate || random.Next(3) != 0:
                    request.Headers.TryAddWithoutValidation(name, name == "If-Match" && !mutate ? "\"1\"" : Ascii(value));
                    break;
            }
        }
        if (mutate && random.Next(4) == 0)
        {
            query.Add($"{Pick(["unknown", "limit", "after", "page"])}={Uri.EscapeDataString(Pick(OddStrings))}");
        }
        var uri = path + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        request.RequestUri = new Uri(uri.TrimStart('/'), UriKind.Relative);
        var sentBody = "";
        if (operation.TryGetProperty("requestBody", out var requestBody)
            && requestBody.GetProperty("content").TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var bodySchema))
        {
            var node = Generate(Resolve(bodySchema), 0);
            sentBody = mutate ? Mutate(node) : node?.ToJsonString() ?? "null";
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(sentBody));
            var wrongType = mutate && random.Next(10) == 0;
            mustFail |= wrongType;
            request.Content.Headers.TryAddWithoutValidation("Content-Type",
                wrongType ? Pick(["text/plain", "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/xml"]) : "application/json");
        }
        return (request, $"{method} /{Cut(uri.TrimStart('/'), 300)} {Cut(sentBody, 300)}");
    }

    private static string Ascii(string value) => new([.. value.Where(c => c is >= ' ' and < '\u007f')]);

    private JsonNode? Generate(JsonElement schema, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > 6)
        {
            return JsonValue.Create("x");
        }
        schema = Resolve(schema);
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[random.Next(values.GetArrayLength())].GetRawText());
        }
        var type = TypeOf(schema);
        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        obj[property.Name] = Generate(property.Value, depth + 1);
                    }
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
                {
                    obj["key" + random.Next(10)] = Generate(additional, depth + 1);
                }
                return obj;
            case "array":
                var array = new JsonArray();
                var items = schema.TryGetProperty("items", out var i) ? i : default;
                for (var n = random.Next(1, 3); n > 0; n--)
                {
                    array.Add(Generate(items, depth + 1));
                }
                return array;
            case "integer":
                return JsonValue.Create(random.Next(0, 5));
            case "number":
                return JsonValue.Create(random.Next(0, 5) + 0.5);
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            default:
                return JsonValue.Create(ScalarText(schema));
        }
    }

    private string ScalarText(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "x";
        }
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            var value = values[random.Next(values.GetArrayLength())];
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return format switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date" => "2026-11-20",
            "date-time" => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            "email" => "someone@agency.example",
            _ => TypeOf(schema) is "integer" or "number" ? random.Next(1, 20).ToString(CultureInfo.InvariantCulture) : "Sample text",
        };
    }

    /// <summary>One mutation of a generated body, as JSON text (some mutations cannot be expressed as a node).</summary>
    private string Mutate(JsonNode? body)
    {
        var text = body?.ToJsonString() ?? "null";
        switch (random.Next(9))
        {
            case 0:
                var broken = Pick(["", "{", "{\"a\":", "[]", "null", "\"text\"", "1", "{\"a\":1,}", "{/*c*/}", "\u00ff\u00fe{}"]);
                mustFail = broken is not ("[]" or "null" or "1" or "\"text\"") || body is JsonObject;
                return broken;
            case 1 when body is JsonObject first && first.Count > 0:
                mustFail = true;
                var name = first.ElementAt(random.Next(first.Count)).Key;
                return "{" + JsonSerializer.Serialize(name) + ":" + JsonSerializer.Serialize(Pick(OddStrings)) + "," + text[1..];
            case 2 when body is JsonObject extra:
                extra["unexpected" + random.Next(5)] = 1;
                return extra.ToJsonString();
            case 3 when body is JsonObject missing && missing.Count > 0:
                missing.Remove(missing.ElementAt(random.Next(missing.Count)).Key);
                return missing.ToJsonString();
            default:
                var leaves = Leaves(body).ToList();
                if (leaves.Count == 0)
                {
                    return text;
                }
                var (parent, key) = leaves[random.Next(leaves.Count)];
                var raw = random.Next(3) switch
                {
                    0 => Pick(OddNumbers),
                    1 => JsonSerializer.Serialize(Pick(OddStrings)),
                    _ => Pick(["true", "null", "{}", "[]", "[null]", "\"\\ud800\"", "{\"x\":[[[[[]]]]]}"]),
                };
                var marker = "\"__fuzz_" + random.Next() + "__\"";
                if (parent is JsonObject o)
                {
                    o[key!] = JsonNode.Parse(marker);
                }
                else if (parent is JsonArray a)
                {
                    a[int.Parse(key!, CultureInfo.InvariantCulture)] = JsonNode.Parse(marker);
                }
                return body!.ToJsonString().Replace(marker, raw, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<(JsonNode Parent, string? Key)> Leaves(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value).Prepend((o, p.Key))),
        JsonArray a => a.SelectMany((item, i) => Leaves(item).Prepend((a, i.ToString(CultureInfo.InvariantCulture)))),
        _ => [],
    };

    private JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 10 && schema.ValueKind == JsonValueKind.Object; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
            }
            else if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf) || schema.TryGetProperty("allOf", out oneOf))
            {
                schema = oneOf.EnumerateArray().FirstOrDefault(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
            }
            else
            {
                break;
            }
        }
        return schema;
    }

    private static string? TypeOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? (schema.TryGetProperty("properties", out _) ? "object" : null)
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null");

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length] + "…";
}
