using Affiliate.Events;
using Affiliate.Ledger;
using Affiliate.Payouts;

namespace Affiliate.Stores;

/// <summary>Stores payouts and claims the lines they settle, so a line is never in two payouts.</summary>
public interface IPayoutStore
{
    /// <summary>
    /// Writes a payout and claims its lines atomically. Conflict (nothing written) when any line changed since it was
    /// read, for example because another instance claimed it for its own payout.
    /// </summary>
    ValueTask<StoreWriteResult> CreateAsync(Payout payout, IReadOnlyList<Versioned<CommissionLine>> lines, IReadOnlyList<AffiliateEvent> events, CancellationToken cancellationToken);

    /// <summary>Replaces a payout and its lines (paid or released) atomically, if nothing changed since read.</summary>
    ValueTask<StoreWriteResult> UpdateAsync(Versioned<Payout> payout, IReadOnlyList<Versioned<CommissionLine>> lines, IReadOnlyList<AffiliateEvent> events, CancellationToken cancellationToken);

    /// <summary>A payout by id.</summary>
    ValueTask<Payout?> FindAsync(PayoutId payoutId, CancellationToken cancellationToken);

    /// <summary>Payouts matching a query, oldest first.</summary>
    ValueTask<IReadOnlyList<Payout>> QueryAsync(PayoutQuery query, CancellationToken cancellationToken);
}

/// <summary>A filter over payouts.</summary>
public sealed record PayoutQuery
{
    /// <summary>Only this program's payouts.</summary>
    public ProgramId? ProgramId { get; init; }

    /// <summary>Only this partner's payouts.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>Only payouts in this status.</summary>
    public PayoutStatus? Status { get; init; }
}
