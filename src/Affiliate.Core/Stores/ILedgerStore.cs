using Affiliate.Conversions;
using Affiliate.Events;
using Affiliate.Ledger;

namespace Affiliate.Stores;

/// <summary>Reads and moves commission lines (approval, review, adjustments).</summary>
public interface ILedgerStore
{
    /// <summary>A line by id.</summary>
    ValueTask<CommissionLine?> FindLineAsync(CommissionLineId lineId, CancellationToken cancellationToken);

    /// <summary>Lines matching a query, oldest first.</summary>
    ValueTask<IReadOnlyList<CommissionLine>> QueryLinesAsync(LineQuery query, CancellationToken cancellationToken);

    /// <summary>Writes a change atomically. Conflict (nothing written) when a line or the conversion changed since it was read.</summary>
    ValueTask<StoreWriteResult> WriteAsync(LedgerChange change, CancellationToken cancellationToken);
}

/// <summary>A filter over commission lines.</summary>
public sealed record LineQuery
{
    /// <summary>Only this program's lines.</summary>
    public ProgramId? ProgramId { get; init; }

    /// <summary>Only this partner's lines.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>Only this conversion's lines.</summary>
    public ConversionId? ConversionId { get; init; }

    /// <summary>Only lines in these states (any when empty).</summary>
    public IReadOnlyList<CommissionState> States { get; init; } = [];

    /// <summary>Only lines approvable at or before this instant.</summary>
    public Instant? ApprovableAtOrBefore { get; init; }

    /// <summary>Only lines of this payout.</summary>
    public PayoutId? PayoutId { get; init; }

    /// <summary>True: only lines not claimed by a payout; false: only claimed ones; null: either.</summary>
    public bool? Unclaimed { get; init; }

    /// <summary>Only lines created at or after this instant.</summary>
    public Instant? CreatedFrom { get; init; }

    /// <summary>Only lines created before this instant.</summary>
    public Instant? CreatedUntil { get; init; }

    /// <summary>How many at most.</summary>
    public int Take { get; init; } = int.MaxValue;
}

/// <summary>An atomic change to the ledger.</summary>
public sealed record LedgerChange
{
    /// <summary>Lines to replace, each if it still has the version read.</summary>
    public IReadOnlyList<Versioned<CommissionLine>> Updates { get; init; } = [];

    /// <summary>Lines to add.</summary>
    public IReadOnlyList<CommissionLine> NewLines { get; init; } = [];

    /// <summary>A conversion to replace too (a review decision changes its status).</summary>
    public Versioned<Conversion>? Conversion { get; init; }

    /// <summary>Events for the outbox.</summary>
    public IReadOnlyList<AffiliateEvent> Events { get; init; } = [];
}
