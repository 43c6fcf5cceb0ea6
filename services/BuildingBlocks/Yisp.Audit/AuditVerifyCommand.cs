using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Yisp.Audit;

public static class AuditVerifyCommand
{
    /// <summary>
    /// `audit-verify [--checkpoint sequence:hash]`: checks the chain (and that it still holds the checkpoint)
    /// and exits 0 when intact, 1 (listing what is wrong) when not, 2 on a malformed checkpoint.
    /// </summary>
    public static async Task<bool> TryRunAuditCommandAsync(this WebApplication app, string[] args)
    {
        if (args is not ["audit-verify", ..])
        {
            return false;
        }
        var checkpoint = args is [_, "--checkpoint", var text, ..] ? AuditCheckpoint.Parse(text) : null;
        if (args is [_, "--checkpoint", ..] && checkpoint is null)
        {
            Console.Error.WriteLine("--checkpoint must be sequence:hash, as the service logs it (\"Audit checkpoint ...\").");
            Environment.ExitCode = 2;
            return true;
        }
        var result = await app.Services.GetRequiredService<AuditTrail>().VerifyAsync(CancellationToken.None, checkpoint);
        Console.WriteLine(result.Intact ? $"Audit trail intact: {result.Records} records." : $"Audit trail NOT intact ({result.Records} records):");
        foreach (var problem in result.Problems)
        {
            Console.WriteLine("  " + problem);
        }
        Environment.ExitCode = result.Intact ? 0 : 1;
        return true;
    }
}
