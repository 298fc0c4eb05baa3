using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Affiliate.Stores.Specification;

namespace Affiliate.EntityFrameworkCore.Tests.Specification;

// The store conformance suite, unchanged, on a real SQLite file and on a real PostgreSQL server: each fact gets a
// new database with the schema the package ships.

public sealed class SqlitePartnerStoreSpecification : PartnerStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPartnerStoreSpecification(PostgresServer server) : PartnerStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteTouchStoreSpecification : TouchStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTouchStoreSpecification(PostgresServer server) : TouchStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteConversionStoreSpecification : ConversionStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConversionStoreSpecification(PostgresServer server) : ConversionStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteLedgerStoreSpecification : LedgerStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerStoreSpecification(PostgresServer server) : LedgerStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqlitePayoutStoreSpecification : PayoutStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPayoutStoreSpecification(PostgresServer server) : PayoutStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqlitePlanAndOutboxSpecification : PlanAndOutboxSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlanAndOutboxSpecification(PostgresServer server) : PlanAndOutboxSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteOutboxDeliverySpecification : OutboxDeliverySpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOutboxDeliverySpecification(PostgresServer server) : OutboxDeliverySpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteRollupStoreSpecification : RollupStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRollupStoreSpecification(PostgresServer server) : RollupStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteListStoreSpecification : ListStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresListStoreSpecification(PostgresServer server) : ListStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteLinkStoreSpecification : LinkStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteInboxStoreSpecification : InboxStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLinkStoreSpecification(PostgresServer server) : LinkStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresInboxStoreSpecification(PostgresServer server) : InboxStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

public sealed class SqliteLedgerSealStoreSpecification : LedgerSealStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.SqliteAsync()).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerSealStoreSpecification(PostgresServer server) : LedgerSealStoreSpecification
{
    private TestDatabase? _database;

    protected override async Task<StoreUnderTest> CreateStoresAsync() =>
        (_database = await TestDatabase.PostgresAsync(server)).Stores();

    protected override async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles) =>
        await _database!.DisposeAsync();
}
