using Affiliate.Stores;
using Affiliate.Stores.Specification;

// Not Affiliate.Tests.Stores: a namespace of that name would shadow Affiliate.Stores for every test that writes
// Stores.IPartnerStore from inside Affiliate.Tests.
namespace Affiliate.Tests.StoreConformance;

/// <summary>
/// The store conformance suite on <see cref="InMemoryAffiliateStore"/>. One object implements every store and is safe
/// to share between threads, so its "second handle" is the same object: the concurrency facts race on it.
/// </summary>
internal static class InMemoryStores
{
    public static Task<StoreUnderTest> CreateAsync()
    {
        StoreUnderTest? stores = null;
        stores = StoreUnderTest.ForSingleObject(new InMemoryAffiliateStore()) with
        {
            OpenAnotherAsync = () => Task.FromResult(stores!),
        };
        return Task.FromResult(stores);
    }
}

public sealed class InMemoryPartnerStoreSpecification : PartnerStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryTouchStoreSpecification : TouchStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryConversionStoreSpecification : ConversionStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryLedgerStoreSpecification : LedgerStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryPayoutStoreSpecification : PayoutStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryPlanAndOutboxSpecification : PlanAndOutboxSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryOutboxDeliverySpecification : OutboxDeliverySpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryRollupStoreSpecification : RollupStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryListStoreSpecification : ListStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryLinkStoreSpecification : LinkStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryInboxStoreSpecification : InboxStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}

public sealed class InMemoryLedgerSealStoreSpecification : LedgerSealStoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoresAsync() => InMemoryStores.CreateAsync();
}
