using Yisp.Data;

namespace Yisp.Reporting.Application;

public static class RebuildCommand
{
    /// <summary>`rebuild-read-model`: drops the read model, replays the event store, prints what it applied and skipped.</summary>
    public static async Task<bool> TryRunRebuildCommandAsync(this WebApplication app, string[] args)
    {
        if (args is not ["rebuild-read-model", ..])
        {
            return false;
        }
        await app.MigrateDatabaseAsync();
        var result = await app.Services.GetRequiredService<ReadModelRebuild>().RebuildAsync(CancellationToken.None);
        Console.WriteLine($"Read model rebuilt: {result.Applied} events applied, {result.Skipped} of unknown types skipped.");
        return true;
    }
}
