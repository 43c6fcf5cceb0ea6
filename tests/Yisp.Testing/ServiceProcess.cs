using System.Diagnostics;
using System.Text;

namespace Yisp.Testing;

/// <summary>A platform service run as its own operating-system process from the solution's build output.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly string projectDirectory;
    private readonly IReadOnlyDictionary<string, string?> environment;
    private Process process = null!;

    private ServiceProcess(string projectDirectory, IReadOnlyDictionary<string, string?> environment, Uri baseAddress)
    {
        this.projectDirectory = projectDirectory;
        this.environment = environment;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The operating-system process id (benchmarks read its CPU time and memory).</summary>
    public int ProcessId => process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <param name="projectDirectory">The project folder relative to the repository root, e.g. services/Referral/Yisp.Referral.Api.</param>
    /// <param name="port">The port to listen on (when other processes must know it before it starts); a free one when null.</param>
    public static async Task<ServiceProcess> StartAsync(string projectDirectory, IReadOnlyDictionary<string, string?> environment, int? port = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var service = new ServiceProcess(projectDirectory, environment, new Uri($"http://127.0.0.1:{port ?? FreePort()}/"));
            try
            {
                await service.LaunchAsync();
                return service;
            }
            catch (PortTakenException) when (port is null && attempt < 3)
            {
                // another process took the port between its choice and the bind: choose again
            }
        }
    }

    private async Task LaunchAsync()
    {
        var start = StartInfo(projectDirectory, environment, []);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{BaseAddress.Port}";
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.Arguments}.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitUntilReadyAsync();
        }
        catch
        {
            await KillAsync(); // nobody owns a service that never became ready: it must not outlive the test
            throw;
        }
    }

    public bool IsRunning => !process.HasExited;

    /// <summary>Kills the process at once (SIGKILL: no shutdown, no flushing), as a crash or an evicted container would.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the service again on the same port with the same settings (after <see cref="KillAsync"/>), once it is ready.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        process.Dispose();
        Append("--- restarted ---");
        await LaunchAsync();
    }

    /// <summary>Runs a service's command-line verb (e.g. audit-verify) to completion: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string projectDirectory, IReadOnlyDictionary<string, string?> environment,
        params string[] arguments)
    {
        var start = StartInfo(projectDirectory, environment, arguments);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.Arguments}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    private static ProcessStartInfo StartInfo(string projectDirectory, IReadOnlyDictionary<string, string?> environment, string[] arguments)
    {
        var folder = Path.Combine(RepositoryRoot, projectDirectory);
        var assembly = Path.Combine(folder, "bin", BuildConfiguration, "net10.0", Path.GetFileName(projectDirectory) + ".dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Build the solution first: {assembly} is missing.");
        }
        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments, "--contentRoot", folder])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Test";
        return start;
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(300); // a loaded machine starting several services at once takes minutes
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // its last lines (why it stopped) are read by then
                throw Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                    ? new PortTakenException($"Port {BaseAddress.Port} was taken by another process:\n{Output}")
                    : new InvalidOperationException($"The service exited with {process.ExitCode}:\n{Output}");
            }
            try
            {
                // Ready only if this process answers: another that took the port would answer for it.
                if ((await http.GetAsync("health/ready")).IsSuccessStatusCode && PortOwner.Listens(process.Id, BaseAddress.Port))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The service at {BaseAddress} never became ready:\n{Output}");
    }

    public static int FreePort() => PortOwner.FreePort();

    private sealed class PortTakenException(string message) : Exception(message);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Yisp.Platform.sln")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException("Yisp.Platform.sln not found above the test assembly.");
    }

    private bool disposed;

    /// <summary>Kills the process (a test may do so mid-work, and its owner again later: the second time does nothing).</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
