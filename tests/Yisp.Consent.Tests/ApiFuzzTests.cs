using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using Yisp.Testing;

namespace Yisp.Consent.Tests;

public sealed class ApiFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Generated_and_mutated_requests_to_every_operation_get_no_5xx_no_hang_and_problems_naming_fields()
    {
        await using var context = await ConsentTestContext.StartAsync();
        var document = await context.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var fuzzer = new ApiFuzzer(document, seed: 17);
        var findings = await fuzzer.RunAsync(await ApiFuzzer.CallersAsync(context.ClientAsAsync), TimeSpan.FromSeconds(4));

        Assert.True(findings.Count == 0, $"{findings.Count} findings:\n" + string.Join("\n", findings.Distinct().Take(20)));
        var statuses = string.Join(", ", fuzzer.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        output.WriteLine(statuses);
        Assert.True(fuzzer.Statuses.Values.Sum() >= 200 && fuzzer.Statuses.Keys.Any(s => s < 300), $"too little reached the service ({statuses})");
    }
}
