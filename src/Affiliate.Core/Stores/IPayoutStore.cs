namespace Affiliate.Stores;

/// <summary>Stores payouts and claims the lines they settle, so a line is never in two payouts.</summary>
public interface IPayoutStore
{
    /// <summary>
    /// What each partner of a program could be paid: the approved lines not claimed by a payout, summed per partner and
    /// currency (negative clawbacks included), with how many lines that is. One grouped query, ordered by partner id
    /// (ordinal), then currency code.
    /// </summary>
    ValueTask<IReadOnlyList<PayableBalance>> PayableAsync(ProgramId programId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a payout (version 1) and claims for it, in one set-based statement, every approved line of its program,
    /// partner and currency not yet in a payout; moves their sum from approved to in-payout in the balances; writes the
    /// events. Conflict (nothing written) unless exactly <see cref="Payout.LineCount"/> lines summing to
    /// <see cref="Payout.Amount"/> were claimed (another instance claimed some, or new lines were approved since
    /// <see cref="PayableAsync"/> read them); Duplicate when the payout id exists.
    /// </summary>
    ValueTask<StoreWriteResult> ClaimAsync(
        Payout payout,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Closes a pending payout as its new state says, if it still has the version read: <see cref="PayoutStatus.Paid"/>
    /// moves its lines to paid (stamping <see cref="CommissionLine.PaidAt"/> with <see cref="Payout.ClosedAt"/>),
    /// <see cref="PayoutStatus.Failed"/> releases them for the next payout; one set-based statement either way, with
    /// the rollups and balances moved and the events written in the same transaction. Conflict (nothing written) when
    /// the payout changed or not exactly <see cref="Payout.LineCount"/> approved lines were in it.
    /// </summary>
    ValueTask<StoreWriteResult> CloseAsync(
        Versioned<Payout> payout,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    );

    /// <summary>A payout by id.</summary>
    ValueTask<Payout?> FindAsync(PayoutId payoutId, CancellationToken cancellationToken);

    /// <summary>Payouts matching a query, oldest first.</summary>
    ValueTask<IReadOnlyList<Payout>> QueryAsync(PayoutQuery query, CancellationToken cancellationToken);
}

/// <summary>What a partner could be paid in one currency.</summary>
/// <param name="PartnerId">The partner.</param>
/// <param name="Amount">The sum of their approved lines not in a payout.</param>
/// <param name="Lines">How many lines that is.</param>
public sealed record PayableBalance(PartnerId PartnerId, Money Amount, int Lines);

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
