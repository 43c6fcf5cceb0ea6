using Xunit.Abstractions;
using Yisp.Testing;

namespace Yisp.Reporting.Tests;

public sealed class ApiFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Generated_and_mutated_requests_to_every_operation_get_no_5xx_no_hang_and_problems_naming_fields()
    {
        await using var context = await ReportingTestContext.StartAsync();
        await ApiFuzzer.AssertSoundAsync(context.Client, context.ClientAsAsync, output.WriteLine);
    }
}
