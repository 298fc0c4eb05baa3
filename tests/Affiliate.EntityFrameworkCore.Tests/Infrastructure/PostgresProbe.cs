using System.Globalization;

namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// Decides once per test run, before any fixture exists, whether a throwaway PostgreSQL cluster can be started here:
/// are <c>initdb</c> and <c>pg_ctl</c> found, and, when the tests run as root (which <c>initdb</c> refuses), can they
/// be run as the <c>postgres</c> user through <c>runuser</c>? <see cref="PostgresFactAttribute"/> reads it to skip.
/// </summary>
/// <remarks>
/// Binaries are looked up only in the directory named by <c>AFFILIATE_POSTGRES_BIN</c> when it is set; otherwise on
/// <c>PATH</c>, then in <c>/usr/lib/postgresql/15/bin</c>, then in the newest <c>/usr/lib/postgresql/*/bin</c>.
/// </remarks>
public static class PostgresProbe
{
    /// <summary>The user the server runs as when the tests run as root.</summary>
    public const string ServiceUser = "postgres";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<ProbeResult> Result = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// True when the environment variable <c>CI</c> is <c>true</c> (any case): PostgreSQL tests never skip.
    /// </summary>
    public static bool IsCi { get; } =
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL cannot be used here, or null when it can.</summary>
    public static string? Reason => Result.Value.Reason;

    /// <summary>
    /// The reason to skip a PostgreSQL test: <see cref="Reason"/>, except in CI, where nothing skips.
    /// </summary>
    public static string? SkipReason => IsCi ? null : Reason;

    /// <summary>The directory holding <c>initdb</c> and <c>pg_ctl</c>, when found.</summary>
    public static string? BinDirectory => Result.Value.BinDirectory;

    /// <summary>What <c>initdb --version</c> printed, e.g. <c>initdb (PostgreSQL) 15.14</c>.</summary>
    public static string? Version => Result.Value.Version;

    /// <summary>True when the tests run as root, so every server command goes through <c>runuser</c>.</summary>
    public static bool RunningAsRoot { get; } =
        !OperatingSystem.IsWindows() && string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    internal static string InitDb => Path.Combine(Available().BinDirectory!, "initdb");

    internal static string PgCtl => Path.Combine(Available().BinDirectory!, "pg_ctl");

    /// <summary><c>runuser</c>, when the tests run as root; null otherwise.</summary>
    internal static string? RunUser => Available().RunUser;

    /// <summary>
    /// The program and arguments that run <paramref name="program"/> as the server's user: itself when not root,
    /// <c>runuser -u postgres -- program ...</c> when root.
    /// </summary>
    internal static (string FileName, List<string> Arguments) AsServiceUser(string program, params string[] arguments)
    {
        if (RunUser is null)
        {
            return (program, [.. arguments]);
        }

        return (RunUser, ["-u", ServiceUser, "--", program, .. arguments]);
    }

    private static ProbeResult Available()
    {
        var result = Result.Value;
        return result.Reason is null
            ? result
            : throw new InvalidOperationException($"PostgreSQL is unavailable: {result.Reason}");
    }

    private static ProbeResult Probe()
    {
        if (OperatingSystem.IsWindows())
        {
            return ProbeResult.Unavailable("the throwaway PostgreSQL cluster is started on Linux and macOS only.");
        }

        var bin = FindBinDirectory();
        if (bin is null)
        {
            return ProbeResult.Unavailable(
                "initdb and pg_ctl were not found (looked in $AFFILIATE_POSTGRES_BIN when set, else on PATH, in "
                    + "/usr/lib/postgresql/15/bin and /usr/lib/postgresql/*/bin). Install PostgreSQL 15 server "
                    + "binaries "
                    + "(Debian: apt-get install -y postgresql-15)."
            );
        }

        string? runUser = null;
        if (RunningAsRoot)
        {
            runUser = FindOnPath("runuser") ?? FirstExisting("/usr/sbin/runuser", "/sbin/runuser");
            if (runUser is null)
            {
                return ProbeResult.Unavailable(
                    "the tests run as root, which initdb refuses, and runuser (util-linux) was not found to run it as "
                        + $"the '{ServiceUser}' user."
                );
            }
        }

        var initdb = Path.Combine(bin, "initdb");
        ProcessResult version;
        try
        {
            version = runUser is null
                ? ProcessRunner.Run(initdb, ["--version"], ProbeTimeout)
                : ProcessRunner.Run(runUser, ["-u", ServiceUser, "--", initdb, "--version"], ProbeTimeout);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or TimeoutException or IOException)
        {
            return ProbeResult.Unavailable($"running {initdb} --version failed: {ex.Message}");
        }

        if (!version.Succeeded)
        {
            var how = runUser is null ? string.Empty : $" as the '{ServiceUser}' user (the tests run as root)";
            return ProbeResult.Unavailable($"could not run initdb{how}: {version.Describe()}");
        }

        return new ProbeResult(null, bin, runUser, version.StandardOutput.Trim());
    }

    private static string? FindBinDirectory()
    {
        var candidates = new List<string>();
        var overridden = Environment.GetEnvironmentVariable("AFFILIATE_POSTGRES_BIN");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            candidates.Add(overridden); // exclusive: a wrong directory is reported, not silently replaced
        }
        else
        {
            candidates.AddRange(PathDirectories());
            candidates.Add("/usr/lib/postgresql/15/bin");
            candidates.AddRange(NumberedInstallations());
        }

        var found = candidates.FirstOrDefault(d =>
            IsExecutable(Path.Combine(d, "initdb")) && IsExecutable(Path.Combine(d, "pg_ctl"))
        );
        if (found is null)
        {
            return null;
        }

        // /usr/local/bin/initdb is often a link into /usr/lib/postgresql/NN/bin: report and use the real directory.
        var target = new FileInfo(Path.Combine(found, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
        var real = target is null ? null : Path.GetDirectoryName(target.FullName);
        return real is not null && IsExecutable(Path.Combine(real, "pg_ctl")) ? real : found;
    }

    /// <summary><c>/usr/lib/postgresql/NN/bin</c>, newest major version first.</summary>
    private static IEnumerable<string> NumberedInstallations()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory
            .GetDirectories(root)
            .Select(d =>
                (
                    Directory: d,
                    Major: int.TryParse(
                        Path.GetFileName(d),
                        NumberStyles.None,
                        CultureInfo.InvariantCulture,
                        out var major
                    )
                        ? major
                        : -1
                )
            )
            .Where(d => d.Major >= 0)
            .OrderByDescending(d => d.Major)
            .Select(d => Path.Combine(d.Directory, "bin"));
    }

    private static string? FindOnPath(string program) =>
        PathDirectories().Select(d => Path.Combine(d, program)).FirstOrDefault(IsExecutable);

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(IsExecutable);

    private static IEnumerable<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(
            Path.PathSeparator,
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
        );

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return false;
        }

        return (
                File.GetUnixFileMode(path)
                & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)
            ) != 0;
    }

    private sealed record ProbeResult(string? Reason, string? BinDirectory, string? RunUser, string? Version)
    {
        public static ProbeResult Unavailable(string reason) => new(reason, null, null, null);
    }
}
