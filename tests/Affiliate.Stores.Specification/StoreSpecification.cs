namespace Affiliate.Stores.Specification;

/// <summary>
/// The stores a specification runs against: one handle onto one database. A single object may implement every
/// interface (as the in-memory store does); pass it for each.
/// </summary>
/// <param name="Partners">The partner store.</param>
/// <param name="Touches">The click and binding store.</param>
/// <param name="Conversions">The conversion and refund store.</param>
/// <param name="Ledger">The commission line store.</param>
/// <param name="Payouts">The payout store.</param>
/// <param name="Plans">The plan store.</param>
/// <param name="Outbox">The outbox.</param>
/// <param name="Rollups">The read side (rollups, activity, visitors, balances) the writes keep.</param>
public sealed record StoreUnderTest(
    IPartnerStore Partners,
    ITouchStore Touches,
    IConversionStore Conversions,
    ILedgerStore Ledger,
    IPayoutStore Payouts,
    IPlanStore Plans,
    IOutboxStore Outbox,
    IRollupStore Rollups
)
{
    /// <summary>
    /// Opens another independent handle onto the SAME database, as a second host instance would (its own DbContext,
    /// its own connection). The concurrency facts give every parallel writer its own handle from here. Null when one
    /// handle is safe to use from many threads at once (the in-memory store): the facts then share this one.
    /// </summary>
    public Func<Task<StoreUnderTest>>? OpenAnotherAsync { get; init; }

    /// <summary>The list store (an optional capability) over the same database; null when there is none.</summary>
    public IListStore? Lists { get; init; }

    /// <summary>The link store over the same database; null when there is none.</summary>
    public ILinkStore? Links { get; init; }

    /// <summary>Partners' postback templates over the same database; null when the store keeps none.</summary>
    public IPartnerPostbackStore? Postbacks { get; init; }

    /// <summary>Wraps one object that implements every store interface (and <see cref="IListStore"/>, if so).</summary>
    public static StoreUnderTest ForSingleObject<TStore>(TStore store)
        where TStore : IPartnerStore,
            ITouchStore,
            IConversionStore,
            ILedgerStore,
            IPayoutStore,
            IPlanStore,
            IOutboxStore,
            IRollupStore =>
        new(store, store, store, store, store, store, store, store)
        {
            Lists = store as IListStore,
            Links = store as ILinkStore,
            Postbacks = store as IPartnerPostbackStore,
        };
}

/// <summary>
/// The base of every store specification. A store's test project derives once from each concept's class
/// (<see cref="PartnerStoreSpecification"/>, <see cref="TouchStoreSpecification"/>,
/// <see cref="ConversionStoreSpecification"/>, <see cref="LedgerStoreSpecification"/>,
/// <see cref="PayoutStoreSpecification"/>, <see cref="PlanAndOutboxSpecification"/>,
/// <see cref="RollupStoreSpecification"/>, <see cref="ListStoreSpecification"/>) and implements
/// <see cref="CreateStoresAsync"/>; xunit runs the inherited facts in the derived class.
/// </summary>
/// <remarks>
/// <para>xunit creates one instance per fact, so <see cref="CreateStoresAsync"/> runs once per fact and must return
/// stores over an EMPTY database of their own (a new SQLite file, a new PostgreSQL database or schema, or truncated
/// tables): facts count outbox events, partners and payouts globally. <see cref="DisposeStoresAsync"/> is the place
/// to dispose contexts and drop the database.</para>
/// <para>Facts talk to the stores only through the interfaces in <c>Affiliate.Stores</c>. They use fixed instants
/// (never the clock) and never sleep.</para>
/// <para>Records refer to other aggregates by id only, and the facts write such references without creating the
/// record referred to (a click's partner, a line's payout): a store must not enforce foreign keys between
/// aggregates.</para>
/// <para>"Oldest first" for clicks, conversions, lines and payouts: in every fact that checks an order, the order
/// written and the order of the records' own instants (occurred, created) agree, and records that share an instant
/// were written in the order of their ids; so a store may order by an insertion sequence or by the instant then the
/// id. The outbox is different: its order is the order written (a write's events in list order), which is NOT the
/// order of <see cref="AffiliateEvent.OccurredAt"/>; a store needs an insertion sequence for it.</para>
/// <para>
/// Instants are written with whole microseconds (see <see cref="SpecData"/>); a store must keep at least that.
/// </para>
/// </remarks>
public abstract class StoreSpecification : IAsyncLifetime
{
    private readonly List<StoreUnderTest> _handles = [];
    private StoreUnderTest? _stores;

    /// <summary>The stores under test (the first handle).</summary>
    protected StoreUnderTest Stores =>
        _stores
        ?? throw new InvalidOperationException(
            "The stores are created in InitializeAsync; xunit calls it before each fact."
        );

    /// <summary>No cancellation: the facts are short and a hung store should fail the run visibly.</summary>
    protected static CancellationToken None => CancellationToken.None;

    /// <summary>Creates stores over a new, empty database. Called once per fact.</summary>
    protected abstract Task<StoreUnderTest> CreateStoresAsync();

    /// <summary>
    /// Releases the handles a fact used: the first one (from <see cref="CreateStoresAsync"/>) then every distinct one
    /// opened through <see cref="StoreUnderTest.OpenAnotherAsync"/>. Override to dispose contexts and drop the
    /// database; the default disposes handles' stores that are disposable.
    /// </summary>
    protected virtual async Task DisposeStoresAsync(IReadOnlyList<StoreUnderTest> handles)
    {
        ArgumentNullException.ThrowIfNull(handles);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var handle in handles)
        {
            object[] parts =
            [
                handle.Partners,
                handle.Touches,
                handle.Conversions,
                handle.Ledger,
                handle.Payouts,
                handle.Plans,
                handle.Outbox,
                handle.Rollups,
            ];
            foreach (var part in parts)
            {
                if (!seen.Add(part))
                {
                    continue;
                }

                if (part is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync();
                }
                else if (part is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Handles for <paramref name="count"/> parallel writers: each its own handle onto the same database when the store
    /// can open one, otherwise the shared first handle.
    /// </summary>
    protected async Task<IReadOnlyList<StoreUnderTest>> WriterHandlesAsync(int count)
    {
        var handles = new StoreUnderTest[count];
        for (var i = 0; i < count; i++)
        {
            handles[i] = await OpenAnotherAsync();
        }

        return handles;
    }

    /// <summary>Another handle onto the same database (the first handle when the store cannot open one).</summary>
    protected async Task<StoreUnderTest> OpenAnotherAsync()
    {
        if (Stores.OpenAnotherAsync is not { } open)
        {
            return Stores;
        }

        var handle = await open();
        lock (_handles)
        {
            _handles.Add(handle);
        }

        return handle;
    }

    /// <summary>
    /// Runs <paramref name="count"/> writers at once, each on its own handle, and returns their results in order.
    /// </summary>
    protected async Task<StoreWriteResult[]> RaceAsync(
        int count,
        Func<StoreUnderTest, int, ValueTask<StoreWriteResult>> write
    )
    {
        ArgumentNullException.ThrowIfNull(write);
        var handles = await WriterHandlesAsync(count);

        // Every writer waits at the gate so they hit the store together, not one after another as they are scheduled.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable
            .Range(0, count)
            .Select(i =>
                Task.Run(async () =>
                {
                    await gate.Task;
                    return await write(handles[i], i);
                })
            )
            .ToArray();
        gate.SetResult();
        return await Task.WhenAll(writers);
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _stores = await CreateStoresAsync();
        _handles.Add(_stores);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_stores is null)
        {
            return;
        }

        StoreUnderTest[] handles;
        lock (_handles)
        {
            handles = _handles.Distinct(ReferenceEqualityComparer.Instance).Cast<StoreUnderTest>().ToArray();
        }

        await DisposeStoresAsync(handles);
    }

    // ---- Shared reads ---------------------------------------------------------------------------------------------

    /// <summary>Every event waiting in the outbox, oldest first.</summary>
    protected async Task<IReadOnlyList<AffiliateEvent>> PendingEventsAsync() =>
        await Stores.Outbox.PendingAsync(int.MaxValue, None);

    /// <summary>The ids of every event waiting in the outbox, oldest first.</summary>
    protected async Task<Guid[]> PendingEventIdsAsync() =>
        (await PendingEventsAsync()).Select(e => e.EventId).ToArray();

    /// <summary>Every line of every program, in creation order.</summary>
    protected async Task<IReadOnlyList<CommissionLine>> AllLinesAsync() =>
        await Stores.Ledger.QueryLinesAsync(new LineQuery(), None);

    /// <summary>Reads a line that must exist.</summary>
    protected async Task<CommissionLine> LineAsync(CommissionLineId id) =>
        await Stores.Ledger.FindLineAsync(id, None) ?? throw new Xunit.Sdk.XunitException($"Line {id} was not found.");

    /// <summary>Reads a conversion that must exist.</summary>
    protected async Task<Conversion> ConversionAsync(ConversionId id, ProgramId? program = null) =>
        await Stores.Conversions.FindAsync(program ?? SpecData.Program, id, None)
        ?? throw new Xunit.Sdk.XunitException($"Conversion {id} was not found.");

    /// <summary>Writes a conversion with its lines and asserts it was written.</summary>
    protected async Task RecordAsync(ConversionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var result = await Stores.Conversions.RecordAsync(record, None);
        Assert.True(result.Succeeded, $"Setting up: recording conversion {record.Conversion.Id} returned {result}.");
    }

    /// <summary>Writes a ledger change and asserts it was written.</summary>
    protected async Task WriteAsync(LedgerChange change)
    {
        var result = await Stores.Ledger.WriteAsync(change, None);
        Assert.True(result.Succeeded, $"Setting up: the ledger change returned {result}.");
    }

    /// <summary>Asserts a write was refused with one of the given statuses.</summary>
    protected static void AssertRefused(StoreWriteResult result, params StoreWriteStatus[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        Assert.True(
            allowed.Contains(result.Status),
            $"Expected {string.Join(" or ", allowed)} but the store returned {result}."
        );
    }

    /// <summary>
    /// Asserts exactly one of several racing writes was written and the others refused with the allowed statuses.
    /// </summary>
    protected static int AssertExactlyOneWritten(
        IReadOnlyList<StoreWriteResult> results,
        params StoreWriteStatus[] refusals
    )
    {
        ArgumentNullException.ThrowIfNull(results);
        var written = results.Select((r, i) => (r, i)).Where(x => x.r.Succeeded).Select(x => x.i).ToArray();
        Assert.True(
            written.Length == 1,
            $"Expected exactly one write to succeed; {written.Length} of {results.Count} did: "
                + $"{string.Join(", ", results)}."
        );
        foreach (var result in results.Where(r => !r.Succeeded))
        {
            AssertRefused(result, refusals);
        }

        return written[0];
    }
}
