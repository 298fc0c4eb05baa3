using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// What differs by database and needs the provider's own types (its connection, its exceptions, its bulk API), behind
/// one seam so that this package names no database driver: one sealed implementation per provider package
/// (Affiliate.EntityFrameworkCore.Sqlite, Affiliate.EntityFrameworkCore.PostgreSql), found from the context's EF Core
/// provider by <see cref="AffiliateDatabases"/>. SQL text that differs only by dialect and runs on any
/// <see cref="DbConnection"/> stays in this package, switched on <see cref="Dialect"/>.
/// </summary>
/// <remarks>
/// One instance per provider serves every context and thread: implementations keep no per-context state.
/// </remarks>
internal abstract class AffiliateDatabase
{
    /// <summary>The prefix of the schema scripts' logical resource names in the provider assembly.</summary>
    internal const string ScriptResourcePrefix = "Affiliate.Schema.";

    private readonly Lazy<SchemaScript[]> _scripts;

    protected AffiliateDatabase() => _scripts = new(ReadScripts, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The SQL dialect the neutral statements are written in for this database.</summary>
    public abstract AffiliateSchema.Provider Dialect { get; }

    /// <summary>The package that ships this implementation, for messages.</summary>
    public abstract string PackageName { get; }

    /// <summary>
    /// The schema scripts the provider package embeds as <c>Affiliate.Schema.NNN_description.sql</c>, in version order.
    /// </summary>
    public IReadOnlyList<SchemaScript> Scripts => _scripts.Value;

    /// <summary>
    /// Writes one batch of clicks (unique by program and id) with the new ones' rollups in one transaction on an open
    /// connection; returns how many clicks were new.
    /// </summary>
    public abstract Task<int> WriteClicksAsync(
        DbConnection connection,
        AffiliateModelOptions options,
        IReadOnlyList<ClickWrite> clicks,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Whether a database failure is a collision with another writer (a serialization failure, a deadlock, a unique
    /// violation raised by a bulk statement, a busy database), looking through wrapping <see cref="DbException"/>s.
    /// </summary>
    public bool IsCollision(Exception exception) =>
        exception switch
        {
            _ when IsProviderCollision(exception) => true,
            DbException { InnerException: { } inner } => IsCollision(inner),
            _ => false,
        };

    /// <summary>Whether this one exception (not its inner ones) is the provider's report of a collision.</summary>
    protected abstract bool IsProviderCollision(Exception exception);

    /// <summary>
    /// Prepares a connection the affiliate context has just opened (SQLite's pragmas); nothing by default.
    /// </summary>
    public virtual void ConnectionOpened(DbConnection connection) { }

    /// <inheritdoc cref="ConnectionOpened"/>
    public virtual Task ConnectionOpenedAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Takes the lock that lets one instance run a job: a handle to dispose when the job ends, or null when another
    /// instance holds it. By default there is no lock across processes: the job always runs, and row versions keep it
    /// correct.
    /// </summary>
    public virtual ValueTask<IAsyncDisposable?> TryAcquireJobLockAsync(
        DbConnection contextConnection,
        string job,
        CancellationToken cancellationToken
    ) => new(NoLock.Instance);

    private SchemaScript[] ReadScripts()
    {
        var assembly = GetType().Assembly;
        return assembly
            .GetManifestResourceNames()
            .Where(n =>
                n.StartsWith(ScriptResourcePrefix, StringComparison.Ordinal)
                && n.EndsWith(".sql", StringComparison.Ordinal)
            )
            .Select(n => Read(assembly, n))
            .OrderBy(s => s.Version)
            .ToArray();
    }

    private static SchemaScript Read(Assembly assembly, string resource)
    {
        var file = resource[ScriptResourcePrefix.Length..^4];
        var version = int.Parse(
            file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)),
            CultureInfo.InvariantCulture
        );
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaScript(version, file, reader.ReadToEnd());
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>One schema script: its version, its description (the file name) and its SQL.</summary>
internal sealed record SchemaScript(int Version, string Description, string Sql);
