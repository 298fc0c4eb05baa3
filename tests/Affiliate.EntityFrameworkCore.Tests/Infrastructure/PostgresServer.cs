using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, shared by the <c>postgres</c> collection
/// (<see cref="PostgresCollection"/>). Give each test class, or each test, its own database with
/// <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <example>
/// <code>
/// [Collection(PostgresCollection.Name)]
/// public sealed class PostgresStoreTests(PostgresServer server)
/// {
///     [PostgresFact]
///     public async Task Saves()
///     {
///         var connectionString = await server.CreateDatabaseAsync();
///         ...
///     }
/// }
/// </code>
/// </example>
/// <remarks>
/// <para>
/// The cluster lives in <c>/tmp/affiliate-pg-XXXXXXXX</c> (data directory, Unix socket and <c>server.log</c>), listens
/// on a free port of 127.0.0.1 only, trusts every local connection (user <c>postgres</c>, no password) and runs
/// without durability (<c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> off) with
/// <c>max_connections=200</c>. As root it runs as the <c>postgres</c> user through <c>runuser</c>.
/// Disposing stops it with <c>pg_ctl stop -m immediate</c> and deletes the directory; a cluster left behind by a
/// killed test run is stopped and deleted by the next run.
/// </para>
/// <para>
/// When PostgreSQL is unavailable (<see cref="PostgresProbe.Reason"/>): with <c>CI=true</c>,
/// <see cref="InitializeAsync"/> throws, so every test of the collection fails with the reason; otherwise the
/// fixture stays <see cref="Available"/> = false and <see cref="PostgresFactAttribute"/> skips the tests. When the
/// probe passed but the server still cannot start, <see cref="InitializeAsync"/> throws in both modes (xunit 2 has
/// no dynamic skip): the tests fail with the reason, initdb's and pg_ctl's output and the tail of the server log.
/// </para>
/// </remarks>
public sealed partial class PostgresServer : IAsyncLifetime
{
    private const string TempPrefix = "affiliate-pg-";
    private const string OwnerFile = "owner.pid";
    private const int StartAttempts = 3;
    private const int MaxPoolSize = 100;

    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    private string? _directory;
    private string? _dataDirectory;
    private string? _connectionString;
    private bool _running;

    /// <summary>True once the cluster runs and accepts connections.</summary>
    public bool Available => _connectionString is not null;

    /// <summary>Why the cluster is not available (null when it is, or before <see cref="InitializeAsync"/>).</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>The loopback TCP port the cluster listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The server's log file (<c>pg_ctl -l</c>).</summary>
    public string? ServerLogPath { get; private set; }

    /// <summary>How long <c>initdb</c> took.</summary>
    public TimeSpan InitDbTime { get; private set; }

    /// <summary>How long the whole start took: directory, <c>initdb</c>, <c>pg_ctl start -w</c>, first query.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// The connection string of the admin database <c>postgres</c> (user <c>postgres</c>, error details included).
    /// Throws with the reason when the cluster is not available.
    /// </summary>
    public string ConnectionString =>
        _connectionString
        ?? throw new InvalidOperationException(
            "PostgreSQL is unavailable: " + (UnavailableReason ?? "the fixture was not initialized.")
        );

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var reason = PostgresProbe.Reason;
        if (reason is not null)
        {
            UnavailableReason = reason;
            if (PostgresProbe.IsCi)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL is required when CI=true but is unavailable: {reason}"
                );
            }

            return;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await StartAsync();
        }
        catch (Exception ex)
        {
            // Whatever failed, leave no server or directory behind, then fail every test with the reason.
            UnavailableReason = $"the PostgreSQL test cluster could not start: {ex.Message}";
            await StopAndDeleteAsync();
            throw new InvalidOperationException(UnavailableReason, ex);
        }

        StartupTime = clock.Elapsed;
    }

    /// <summary>
    /// Creates a new, empty database and returns its connection string (<c>Include Error Detail=true</c>,
    /// <c>Maximum Pool Size=100</c>). Without a name, a unique one (<c>test_</c> and 32 hex digits) is made.
    /// </summary>
    /// <param name="name">Lower-case letters, digits and underscores, starting with a letter or underscore.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N");
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a plain database name: use 1 to 63 lower-case letters, digits and underscores.",
                nameof(name)
            );
        }

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _connectionString = null;
        UnavailableReason ??= "the fixture was disposed.";
        await StopAndDeleteAsync();
    }

    private async Task StartAsync()
    {
        var owner = PostgresProbe.RunUser is null ? null : PostgresProbe.ServiceUser;
        var root = BaseDirectory();
        await SweepStaleClustersAsync(root);

        _directory = Path.Combine(root, TempPrefix + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(
            Path.Combine(_directory, OwnerFile),
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
        );
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (owner is not null)
        {
            var chown = await ProcessRunner.RunAsync("chown", [owner + ":", _directory], PgCtlTimeout);
            if (!chown.Succeeded)
            {
                throw new InvalidOperationException(
                    $"could not give {_directory} to the '{owner}' user: {chown.Describe()}"
                );
            }
        }

        _dataDirectory = Path.Combine(_directory, "data");
        ServerLogPath = Path.Combine(_directory, "server.log");

        var initClock = Stopwatch.StartNew();
        var (initFile, initArgs) = PostgresProbe.AsServiceUser(
            PostgresProbe.InitDb,
            "-D",
            _dataDirectory,
            "--auth=trust",
            "-U",
            "postgres",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions"
        );
        var init = await ProcessRunner.RunAsync(initFile, initArgs, InitDbTimeout, _directory);
        if (!init.Succeeded)
        {
            throw new InvalidOperationException($"initdb failed: {init.Describe()}");
        }

        InitDbTime = initClock.Elapsed;

        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var options = string.Join(
                ' ',
                "-c listen_addresses=127.0.0.1",
                $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
                $"-k {_directory}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            );
            var (ctlFile, ctlArgs) = PostgresProbe.AsServiceUser(
                PostgresProbe.PgCtl,
                "start",
                "-D",
                _dataDirectory,
                "-w",
                "-t",
                "60",
                "-l",
                ServerLogPath,
                "-o",
                options
            );
            var start = await ProcessRunner.RunAsync(ctlFile, ctlArgs, PgCtlTimeout, _directory);
            if (start.Succeeded)
            {
                _running = true;
                break;
            }

            var log = await ReadLogTailAsync();
            var portTaken =
                log.Contains("could not bind", StringComparison.Ordinal)
                || log.Contains("Address already in use", StringComparison.Ordinal);
            if (!portTaken || attempt == StartAttempts)
            {
                // pg_ctl -w may time out with a server still starting: make sure nothing is left running.
                _running = true;
                throw new InvalidOperationException(
                    $"pg_ctl start failed: {start.Describe()}{Environment.NewLine}Server log:{Environment.NewLine}{log}"
                );
            }
        }

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = "postgres",
            Database = "postgres",
            IncludeErrorDetail = true,
            MaxPoolSize = MaxPoolSize,
            Timeout = 15,

            // Many test databases share max_connections=200: give idle pooled connections back within seconds
            // (Npgsql's default keeps them for 5 minutes), so finished tests do not starve later ones.
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
        }.ConnectionString;
        await WaitUntilReadyAsync(connectionString);
        _connectionString = connectionString;
    }

    /// <summary>
    /// <c>pg_ctl -w</c> already waits until the server accepts connections; this bounded loop only covers the
    /// moment between "ready" in postmaster.pid and the first accepted TCP connection.
    /// </summary>
    private async Task WaitUntilReadyAsync(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync();
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < ReadyTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException(
                    $"the server started but refused connections for {ReadyTimeout.TotalSeconds:0} s: {ex.Message}"
                        + $"{Environment.NewLine}Server log:{Environment.NewLine}{await ReadLogTailAsync()}",
                    ex
                );
            }
        }
    }

    private async Task StopAndDeleteAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var directory = _directory;
        var data = _dataDirectory;
        _directory = null;
        _dataDirectory = null;
        if (directory is null)
        {
            return;
        }

        string? stopFailure = null;
        if (_running && data is not null)
        {
            _running = false;
            stopFailure = await StopClusterAsync(data);
        }

        DeleteDirectory(directory);
        if (stopFailure is not null)
        {
            throw new InvalidOperationException($"the PostgreSQL test cluster could not be stopped: {stopFailure}");
        }
    }

    /// <summary>Stops a cluster immediately; null when it stopped (or was not running), else what went wrong.</summary>
    private static async Task<string?> StopClusterAsync(string dataDirectory)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return null;
        }

        try
        {
            var (file, args) = PostgresProbe.AsServiceUser(
                PostgresProbe.PgCtl,
                "stop",
                "-D",
                dataDirectory,
                "-m",
                "immediate",
                "-w",
                "-t",
                "20"
            );
            var stop = await ProcessRunner.RunAsync(file, args, StopTimeout, Path.GetTempPath());
            if (stop.Succeeded)
            {
                return null;
            }

            return KillPostmaster(dataDirectory) ? null : stop.Describe();
        }
        catch (TimeoutException ex)
        {
            return KillPostmaster(dataDirectory) ? null : ex.Message;
        }
    }

    /// <summary>Last resort when pg_ctl could not stop it: kill the postmaster named in postmaster.pid.</summary>
    private static bool KillPostmaster(string dataDirectory)
    {
        try
        {
            var pidLine = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            if (!int.TryParse(pidLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return false;
            }

            using var postmaster = Process.GetProcessById(pid);
            postmaster.Kill(entireProcessTree: true);
            return postmaster.WaitForExit(StopTimeout);
        }
        catch (Exception ex)
            when (ex
                    is IOException
                        or ArgumentException
                        or InvalidOperationException
                        or System.ComponentModel.Win32Exception
                        or UnauthorizedAccessException
            )
        {
            return ex is ArgumentException; // no such process: it is gone
        }
    }

    /// <summary>
    /// Stops and deletes clusters whose test run died without disposing them (owner process is gone).
    /// </summary>
    private static async Task SweepStaleClustersAsync(string root)
    {
        foreach (var directory in Directory.EnumerateDirectories(root, TempPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(directory, OwnerFile);
                if (
                    !File.Exists(ownerFile)
                    || !int.TryParse(
                        (await File.ReadAllTextAsync(ownerFile)).Trim(),
                        NumberStyles.None,
                        CultureInfo.InvariantCulture,
                        out var pid
                    )
                    || IsAlive(pid)
                )
                {
                    continue;
                }

                if (await StopClusterAsync(Path.Combine(directory, "data")) is null)
                {
                    DeleteDirectory(directory);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
            {
                // Best effort: a directory another run is still working on, or one we may not touch.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void DeleteDirectory(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 3)
            {
                // A backend still exiting after "immediate" may remove its files under our feet: try again.
            }
            catch (IOException)
            {
                return; // Leave it: the next run's sweep deletes it.
            }
        }
    }

    private async Task<string> ReadLogTailAsync()
    {
        if (ServerLogPath is null || !File.Exists(ServerLogPath))
        {
            return "(no server log)";
        }

        var lines = await File.ReadAllLinesAsync(ServerLogPath);
        return string.Join(Environment.NewLine, lines.TakeLast(30));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// /tmp: short enough for the Unix socket path and readable by the postgres user (a root TMPDIR may not be).
    /// Its name is generated, so the <c>-k</c> option pg_ctl hands to its shell needs no quoting.
    /// </summary>
    private static string BaseDirectory()
    {
        const string tmp = "/tmp";
        if (Directory.Exists(tmp))
        {
            return tmp;
        }

        var temp = Path.GetTempPath().TrimEnd('/');
        return SafePath().IsMatch(temp)
            ? temp
            : throw new InvalidOperationException(
                $"no usable temporary directory: /tmp is missing and '{temp}' has characters pg_ctl's shell would "
                    + "misread."
            );
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseName();

    [GeneratedRegex("^[A-Za-z0-9/._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePath();
}
