using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;

namespace Affiliate.Reliability.Tests.Infrastructure;

/// <summary>
/// One real reliability host (tests/Affiliate.Reliability.Host) as a separate OS process: <c>dotnet host.dll</c> on a
/// free loopback port, ready once it printed its address and answers <c>/reliability/ready</c>; <see cref="Kill"/>
/// ends it with SIGKILL (no graceful stop, nothing flushed) and checks that the signal, not a shutdown, ended it.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const string AdminToken = "reliability-admin-token-for-this-test-run";
    public const string PostbackSecret = "reliability-postback-secret";

    // The exit status of a process killed by signal 9, as .NET reports it on Linux (128 + 9).
    private const int SigKillExitCode = 137;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long from starting the process to its first ready answer.</summary>
    public TimeSpan StartupTime { get; private set; }

    public int ProcessId => _process.Id;

    /// <summary>A client for this host: keeps no cookies (each request a new visitor), sends the admin token.</summary>
    public HttpClient Client { get; private set; } = null!;

    public static string HostDll =>
        typeof(HostProcess)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ReliabilityHostDll")
            .Value!;

    /// <summary>Starts a host on the database and waits (bounded) until it answers.</summary>
    public static async Task<HostProcess> StartAsync(
        ReliabilityDatabase database,
        int partners,
        params string[] extraArguments
    )
    {
        var dll = Path.GetFullPath(HostDll);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the reliability host is not built at {dll}", dll);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (
            var argument in new[]
            {
                dll,
                "--provider",
                database.Provider,
                "--database",
                database.HostConnection,
                "--admin-token",
                AdminToken,
                "--postback-secret",
                PostbackSecret,
                "--partners",
                partners.ToString(CultureInfo.InvariantCulture),
                "--urls",
                "http://127.0.0.1:0",
            }.Concat(extraArguments)
        )
        {
            info.ArgumentList.Add(argument);
        }

        // The host logs warnings only; its environment is Production so no developer pages hide a failure.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        var clock = Stopwatch.StartNew();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) =>
            host._listening.TrySetException(
                new InvalidOperationException("the host exited before it listened:\n" + host.OutputTail())
            );
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            host.BaseAddress = await host._listening.Task.WaitAsync(ReadyTimeout);
            host.Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 256 })
            {
                BaseAddress = host.BaseAddress,
                Timeout = TimeSpan.FromSeconds(100),
            };
            host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            host.Client.DefaultRequestHeaders.UserAgent.ParseAdd(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
            );
            await host.WaitUntilReadyAsync();
        }
        catch (Exception e)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"the host did not become ready: {e.Message}\n{host.OutputTail()}", e);
        }

        host.StartupTime = clock.Elapsed;
        return host;
    }

    /// <summary>
    /// Kills the process with SIGKILL and waits for it: asserts that signal 9 ended it (exit status 137), so that no
    /// graceful shutdown (which flushes clicks and finishes requests) ran.
    /// </summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false); // SIGKILL on Linux
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"host {_process.Id} did not die within 30 s of SIGKILL");
        }

        if (OperatingSystem.IsLinux() && _process.ExitCode != SigKillExitCode)
        {
            throw new InvalidOperationException(
                $"host {_process.Id} exited with {_process.ExitCode}, not {SigKillExitCode} (SIGKILL):\n" + OutputTail()
            );
        }
    }

    public bool HasExited => _process.HasExited;

    public string OutputTail()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    /// <summary>Runs one of the library's jobs in this host (no job runs on a schedule) and returns its run.</summary>
    public async Task<string> RunJobAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await Client.PostAsync(
            new Uri("reliability/jobs/" + name, UriKind.Relative),
            null,
            cancellationToken
        );
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"job {name} answered {(int)response.StatusCode}: {body}\n{OutputTail()}"
            );
        }

        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string marker = "LISTENING ";
        if (line.StartsWith(marker, StringComparison.Ordinal) && line.Length > marker.Length)
        {
            _listening.TrySetResult(new Uri(line[marker.Length..].Trim() + "/"));
        }
    }

    /// <summary>
    /// The host printed "LISTENING" from ApplicationStarted, when Kestrel already accepts: one request to
    /// /reliability/ready then proves the pipeline answers (no polling).
    /// </summary>
    private async Task WaitUntilReadyAsync()
    {
        using var response = await Client.GetAsync(new Uri("reliability/ready", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"the host listened but /reliability/ready answered {(int)response.StatusCode}:\n{OutputTail()}"
            );
        }
    }
}
