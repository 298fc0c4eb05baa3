using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Finds the <see cref="AffiliateDatabase"/> of a context from its EF Core provider: the provider package's
/// implementation, by a known assembly-qualified type name, so that this package references neither provider and a
/// host pulls only the one it uses. Found once per provider name, then cached. Thread-safe.
/// </summary>
/// <param name="resolve">Turns an assembly-qualified type name into the type, or null when it does not resolve.</param>
internal sealed class AffiliateDatabases(Func<string, Type?> resolve)
{
    internal const string SqlitePackage = "Affiliate.EntityFrameworkCore.Sqlite";
    internal const string PostgreSqlPackage = "Affiliate.EntityFrameworkCore.PostgreSql";
    internal const string SqliteType = SqlitePackage + ".SqliteAffiliateDatabase, " + SqlitePackage;
    internal const string PostgreSqlType = PostgreSqlPackage + ".PostgreSqlAffiliateDatabase, " + PostgreSqlPackage;

    private readonly ConcurrentDictionary<string, AffiliateDatabase> _found = new(StringComparer.Ordinal);

    /// <summary>The lookup every store uses: types resolved from the assemblies the host's application loads.</summary>
    public static AffiliateDatabases Default { get; } = new(name => Type.GetType(name, throwOnError: false));

    /// <summary>The database of a context.</summary>
    /// <exception cref="InvalidOperationException">
    /// The context uses SQLite or PostgreSQL but the matching provider package is not referenced; the message names it.
    /// </exception>
    /// <exception cref="NotSupportedException">The context's provider is neither SQLite nor PostgreSQL.</exception>
    public AffiliateDatabase For(DbContext context) => For(context.Database.ProviderName, context.GetType());

    /// <inheritdoc cref="For(DbContext)"/>
    public AffiliateDatabase For(string? providerName, Type contextType)
    {
        var name = providerName ?? string.Empty;
        if (_found.TryGetValue(name, out var found))
        {
            return found;
        }

        var (package, typeName) = Known(name)
            ?? throw new NotSupportedException(
                $"The affiliate schema supports SQLite and PostgreSQL; '{name}' is neither. "
                    + "Use Microsoft.EntityFrameworkCore.Sqlite or Npgsql.EntityFrameworkCore.PostgreSQL."
            );
        var type = resolve(typeName)
            ?? throw new InvalidOperationException(
                $"The context '{contextType.Name}' uses {name}: reference the '{package}' package."
            );
        if (Activator.CreateInstance(type, nonPublic: true) is not AffiliateDatabase database)
        {
            throw new InvalidOperationException(
                $"The type '{typeName}' is not an affiliate database: reference the same version of '{package}' "
                    + "as of 'Affiliate.EntityFrameworkCore'."
            );
        }

        return _found.GetOrAdd(name, database);
    }

    /// <summary>
    /// The database of a context, or null when its provider is not one of ours or its provider package is missing:
    /// for the connection interceptor, which must not break the host's own use of a context the stores never touch.
    /// </summary>
    public AffiliateDatabase? TryFind(DbContext context)
    {
        var name = context.Database.ProviderName ?? string.Empty;
        if (_found.TryGetValue(name, out var found))
        {
            return found;
        }

        return Known(name) is { } known && resolve(known.TypeName) is not null ? For(name, context.GetType()) : null;
    }

    /// <summary>The provider package and implementation type for an EF Core provider name, or null if none.</summary>
    private static (string Package, string TypeName)? Known(string providerName)
    {
        // Matched as before the split (Microsoft.EntityFrameworkCore.Sqlite, Npgsql.EntityFrameworkCore.PostgreSQL).
        if (providerName.Contains("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return (SqlitePackage, SqliteType);
        }

        if (providerName.Contains("Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            return (PostgreSqlPackage, PostgreSqlType);
        }

        return null;
    }
}
