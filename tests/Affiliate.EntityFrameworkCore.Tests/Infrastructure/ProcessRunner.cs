using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>What a finished child process returned.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command, its exit code and whatever it printed, for an error message.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"`{Command}` exited with code {ExitCode}.");
        if (!string.IsNullOrWhiteSpace(StandardError))
        {
            text.Append(CultureInfo.InvariantCulture, $" stderr: {StandardError.Trim()}");
        }

        if (!string.IsNullOrWhiteSpace(StandardOutput))
        {
            text.Append(CultureInfo.InvariantCulture, $" stdout: {StandardOutput.Trim()}");
        }

        return text.ToString();
    }
}

/// <summary>
/// Runs a program with an argument list (never a shell string), captures both output streams and bounds the wait:
/// a program still running at the timeout is killed with its children and a <see cref="TimeoutException"/> is thrown.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>
    /// How long to wait for the output pipes after the process exited (a daemon child may hold them).
    /// </summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null
    )
    {
        using var process = Start(fileName, arguments, workingDirectory);
        var command = Describe(fileName, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw new TimeoutException(
                    $"`{command}` did not finish within {timeout.TotalSeconds:0} s and was killed."
                );
            }
        }

        return new ProcessResult(command, process.ExitCode, await Drain(stdout), await Drain(stderr));
    }

    /// <summary>
    /// The blocking twin of <see cref="RunAsync"/>, for the static probe that attribute constructors call.
    /// </summary>
    public static ProcessResult Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        using var process = Start(fileName, arguments, workingDirectory: null);
        var command = Describe(fileName, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            Kill(process);
            throw new TimeoutException($"`{command}` did not finish within {timeout.TotalSeconds:0} s and was killed.");
        }

        var drained = Task.WhenAll(stdout, stderr).Wait(DrainTimeout);
        return new ProcessResult(
            command,
            process.ExitCode,
            drained ? stdout.Result : string.Empty,
            drained ? stderr.Result : string.Empty
        );
    }

    private static Process Start(string fileName, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Messages in plain English whatever the machine's locale, so that log checks and reports read the same.
        info.Environment["LC_ALL"] = "C";
        info.Environment["LANG"] = "C";

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.StandardInput.Close();
        return process;
    }

    private static async Task<string> Drain(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            return "(output not available: the pipe stayed open)";
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    private static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        string.Join(
            ' ',
            arguments
                .Prepend(fileName)
                .Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)
        );
}
