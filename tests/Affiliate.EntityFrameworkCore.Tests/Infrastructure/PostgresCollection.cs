namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// The test classes that share the one PostgreSQL cluster: mark them <c>[Collection(PostgresCollection.Name)]</c>
/// and take a <see cref="PostgresServer"/> in their constructor. Tests of one collection run one after another;
/// SQLite tests (no collection) run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection's name, for <c>[Collection(PostgresCollection.Name)]</c>.</summary>
    public const string Name = "postgres";
}
