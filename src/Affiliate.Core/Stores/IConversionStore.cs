namespace Affiliate.Stores;

/// <summary>
/// Stores conversions and refunds together with the commission lines they produce: each write is one transaction, and
/// the conversion id and refund id are unique keys, so the same id recorded twice writes nothing the second time.
/// </summary>
public interface IConversionStore
{
    /// <summary>A conversion by id.</summary>
    ValueTask<Conversion?> FindAsync(
        ProgramId programId,
        ConversionId conversionId,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Writes a conversion with its lines, binding, customer record and events. Duplicate when the conversion id
    /// exists; Conflict (nothing written) when <see cref="ConversionRecord.CustomerMustBeNew"/> and the customer has a
    /// record already.
    /// </summary>
    ValueTask<StoreWriteResult> RecordAsync(ConversionRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// The customer's record in the program (their first purchase), or null when they never purchased: one lookup by
    /// the record's key, whatever the number of customers.
    /// </summary>
    ValueTask<CustomerRecord?> FindCustomerAsync(
        ProgramId programId,
        CustomerId customerId,
        CancellationToken cancellationToken
    );

    /// <summary>A refund by id.</summary>
    ValueTask<Refund?> FindRefundAsync(ProgramId programId, string refundId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a refund with the conversion's new state, the lines it changes and adds, and events. Duplicate when the
    /// refund id exists; Conflict when the conversion or a line changed since it was read.
    /// </summary>
    ValueTask<StoreWriteResult> RecordRefundAsync(RefundRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// A partner's credited conversions (attributed, held or partly refunded; not rejected, unattributed or fully
    /// reversed), each counted once whatever the partner's share, with <paramref name="from"/> &lt;= occurred &lt;
    /// <paramref name="until"/>: their number and revenue (the full <see cref="Conversion.ProgramAmount"/>) for volume
    /// tiers and bonuses.
    /// </summary>
    ValueTask<VolumeTotals> VolumeAsync(
        ProgramId programId,
        PartnerId partnerId,
        Instant? from,
        Instant until,
        CancellationToken cancellationToken
    );

    /// <summary>Conversions matching a query, oldest first.</summary>
    IAsyncEnumerable<Conversion> QueryAsync(ConversionQuery query, CancellationToken cancellationToken);
}

/// <summary>A conversion and everything written with it.</summary>
/// <param name="Conversion">The conversion (version 1).</param>
/// <param name="Lines">Its commission lines (version 1 each).</param>
/// <param name="Binding">A new lifetime customer binding, if any (ignored when the customer is already bound, unless
/// <see cref="ReplacesBinding"/>).</param> <param name="Events">Events for the outbox.</param>
public sealed record ConversionRecord(
    Conversion Conversion,
    IReadOnlyList<CommissionLine> Lines,
    CustomerBinding? Binding,
    IReadOnlyList<AffiliateEvent> Events
)
{
    /// <summary>
    /// True when <see cref="Binding"/> takes over from the customer's existing binding (it expired, or its partner can
    /// no longer earn); false keeps an existing binding (the first partner wins a race).
    /// </summary>
    public bool ReplacesBinding { get; init; }

    /// <summary>What the write adds to the read side, applied in the same transaction.</summary>
    public RollupChange Rollups { get; init; } = RollupChange.None;

    /// <summary>
    /// The customer's record, written when the customer has none yet (an existing record is kept: the first purchase
    /// stays the first).
    /// </summary>
    public CustomerRecord? Customer { get; init; }

    /// <summary>
    /// True when the conversion was priced as the customer's first purchase because they had no record when it was
    /// read: the write is then a Conflict, and writes nothing, if a record appeared meanwhile (a concurrent purchase of
    /// the same customer won).
    /// </summary>
    public bool CustomerMustBeNew { get; init; }
}

/// <summary>
/// A customer's record in a program: their first recorded purchase. It decides whether a later purchase is a new
/// customer's (see <see cref="RuleConditions.NewCustomer"/>); refunds do not change it.
/// </summary>
/// <param name="ProgramId">The program.</param>
/// <param name="CustomerId">The host's customer.</param>
/// <param name="FirstConversionId">The conversion of the first purchase.</param>
/// <param name="FirstPurchaseAt">When that purchase occurred.</param>
public sealed record CustomerRecord(
    ProgramId ProgramId,
    CustomerId CustomerId,
    ConversionId FirstConversionId,
    Instant FirstPurchaseAt
);

/// <summary>A refund and everything written with it.</summary>
/// <param name="Refund">The refund.</param>
/// <param name="Conversion">The conversion's new state.</param>
/// <param name="UpdatedLines">Lines whose state changes (reversed).</param>
/// <param name="NewLines">New negative lines (reversals, clawbacks).</param>
/// <param name="Events">Events for the outbox.</param>
public sealed record RefundRecord(
    Refund Refund,
    Versioned<Conversion> Conversion,
    IReadOnlyList<Versioned<CommissionLine>> UpdatedLines,
    IReadOnlyList<CommissionLine> NewLines,
    IReadOnlyList<AffiliateEvent> Events
)
{
    /// <summary>What the write adds to the read side, applied in the same transaction.</summary>
    public RollupChange Rollups { get; init; } = RollupChange.None;
}

/// <summary>
/// A filter over the conversions of one program that occurred in [<see cref="From"/>, <see cref="Until"/>).
/// </summary>
public sealed record ConversionQuery
{
    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Inclusive start.</summary>
    public required Instant From { get; init; }

    /// <summary>Exclusive end.</summary>
    public required Instant Until { get; init; }

    /// <summary>Only conversions credited (in part) to this partner.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>Only conversions of this customer.</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>Only conversions from this IP hash.</summary>
    public string? IpHash { get; init; }
}
