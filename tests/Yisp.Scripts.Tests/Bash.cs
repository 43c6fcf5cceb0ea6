using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Yisp.Scripts.Tests;

/// <summary>What a bash script printed (standard output and error, interleaved) and its exit code.</summary>
public sealed record ScriptResult(int ExitCode, string Output)
{
    public ScriptResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"The script exited with {ExitCode}:\n{Output}");
        return this;
    }
}

/// <summary>Runs bash in the repository root with a clean YISP_* environment, so a run under scripts/test.sh
/// (which sets YISP_TEST_*) behaves as on a developer's machine.</summary>
public static class Bash
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static async Task<ScriptResult> RunAsync(string script, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("YISP_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The script did not finish within {timeout}:\n{script}\n--- output ---\n{Text(output)}");
        }
        return new ScriptResult(process.ExitCode, Text(output));
    }

    /// <summary>Sources scripts/infra.sh, then runs the given lines, with bash's errexit as the scripts have it.</summary>
    public static Task<ScriptResult> InfraAsync(string lines, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null) =>
        RunAsync("set -euo pipefail\nsource scripts/infra.sh\n" + lines, environment, timeout ?? TimeSpan.FromSeconds(110));

    public static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Yisp.Platform.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Yisp.Platform.sln above {AppContext.BaseDirectory}.");
    }
}
