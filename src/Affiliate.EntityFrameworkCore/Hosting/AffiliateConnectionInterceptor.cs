using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Lets the provider package prepare every connection the affiliate context opens (on SQLite: WAL, synchronous=FULL
/// and a busy timeout). Added by <c>UseEntityFrameworkCore</c>; the provider is found from the connection's context.
/// A context whose provider is not ours, or whose provider package is missing, is left alone here: the stores say
/// what is missing when they are used, and the host's own queries on that context keep working.
/// </summary>
/// <param name="databases">Where the provider's implementation is found.</param>
internal sealed class AffiliateConnectionInterceptor(AffiliateDatabases databases) : DbConnectionInterceptor
{
    /// <summary>An interceptor over <see cref="AffiliateDatabases.Default"/>.</summary>
    public AffiliateConnectionInterceptor()
        : this(AffiliateDatabases.Default) { }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (eventData.Context is { } context && databases.TryFind(context) is { } database)
        {
            database.ConnectionOpened(connection);
        }
    }

    public override Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default
    ) =>
        eventData.Context is { } context && databases.TryFind(context) is { } database
            ? database.ConnectionOpenedAsync(connection, cancellationToken)
            : Task.CompletedTask;
}
