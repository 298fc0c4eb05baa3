using Affiliate.Stores;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// The touch store when the bulk click writer is on: <see cref="AddClickAsync"/> buffers the click in the
/// <see cref="BulkClickWriter"/> and answers Written at once (a click id already stored is then ignored by the
/// database when the batch is written); every read goes to the Entity Framework store, so a click is visible to them
/// once its batch is written. <see cref="ClickTracker"/> looks a caller-supplied click id up before adding it, so a
/// redelivery after the batch was written is still answered as a replay.
/// </summary>
internal sealed class BufferedTouchStore(ITouchStore inner, BulkClickWriter writer) : ITouchStore
{
    /// <summary>
    /// Written when buffered (the click and its rollups are then written together by a batch, or neither when the id is
    /// already stored); Dropped (nothing stored) when the buffer was full in DropNewest mode or the host is stopping.
    /// </summary>
    public async ValueTask<StoreWriteResult> AddClickAsync(
        Click click,
        RollupChange rollups,
        CancellationToken cancellationToken
    ) =>
        await writer.TryWriteAsync(click, rollups, cancellationToken).ConfigureAwait(false)
            ? StoreWriteResult.Written
            : StoreWriteResult.Dropped(
                $"click {click.Id} was dropped: the click buffer is full or the host is stopping"
            );

    public ValueTask<IReadOnlyList<int>> CountClicksUpToAsync(
        IReadOnlyList<ClickLimit> queries,
        CancellationToken cancellationToken
    ) => inner.CountClicksUpToAsync(queries, cancellationToken);

    public ValueTask<Click?> FindClickAsync(
        ProgramId programId,
        ClickId clickId,
        CancellationToken cancellationToken
    ) => inner.FindClickAsync(programId, clickId, cancellationToken);

    public ValueTask<IReadOnlyList<Click>> FindClicksAsync(
        ProgramId programId,
        IReadOnlyCollection<ClickId> clickIds,
        CancellationToken cancellationToken
    ) => inner.FindClicksAsync(programId, clickIds, cancellationToken);

    public ValueTask<IReadOnlyList<Click>> FindClicksByVisitorAsync(
        ProgramId programId,
        string visitorId,
        Instant from,
        Instant until,
        CancellationToken cancellationToken
    ) => inner.FindClicksByVisitorAsync(programId, visitorId, from, until, cancellationToken);

    public ValueTask<ClickCounts> CountClicksAsync(ClickQuery query, CancellationToken cancellationToken) =>
        inner.CountClicksAsync(query, cancellationToken);

    public IAsyncEnumerable<Click> QueryClicksAsync(ClickQuery query, CancellationToken cancellationToken) =>
        inner.QueryClicksAsync(query, cancellationToken);

    public ValueTask<CustomerBinding?> FindBindingAsync(
        ProgramId programId,
        CustomerId customerId,
        CancellationToken cancellationToken
    ) => inner.FindBindingAsync(programId, customerId, cancellationToken);
}
