namespace Affiliate.Stores;

/// <summary>Reads and moves commission lines (approval, review, adjustments).</summary>
public interface ILedgerStore
{
    /// <summary>A line by id.</summary>
    ValueTask<CommissionLine?> FindLineAsync(CommissionLineId lineId, CancellationToken cancellationToken);

    /// <summary>Lines matching a query, oldest first.</summary>
    ValueTask<IReadOnlyList<CommissionLine>> QueryLinesAsync(LineQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The adjustment line with this <see cref="CommissionLine.AdjustmentId"/> in the program, or null: one lookup by
    /// a unique key.
    /// </summary>
    ValueTask<CommissionLine?> FindAdjustmentAsync(
        ProgramId programId,
        string adjustmentId,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Writes a change atomically. Conflict (nothing written) when a line or the conversion changed since it was
    /// read; Duplicate (nothing written) when a new line's id, or a new adjustment's id in its program, exists.
    /// </summary>
    ValueTask<StoreWriteResult> WriteAsync(LedgerChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Pending lines whose hold period is over at <paramref name="asOf"/> (approvable at or before it), in one program
    /// or all, oldest approvable first (then by id), at most <paramref name="max"/>: read from an index in its order.
    /// </summary>
    ValueTask<IReadOnlyList<LineRef>> DueLinesAsync(
        ProgramId? programId,
        Instant asOf,
        int max,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Moves the named lines from one state to another in one set-based statement, with its events, and moves their
    /// amounts between the states' columns of the daily rollups (by each line's <see cref="CommissionLine.Placement"/>)
    /// and of the balances, all in one transaction. Conflict (nothing written) when any line is missing or no longer
    /// in <see cref="LineMove.From"/>.
    /// </summary>
    ValueTask<StoreWriteResult> MoveAsync(LineMove move, CancellationToken cancellationToken);
}

/// <summary>A commission line as set-based jobs see it: enough to decide and to describe, not the whole row.</summary>
/// <param name="Id">The line.</param>
/// <param name="ProgramId">Its program.</param>
/// <param name="PartnerId">Its partner.</param>
/// <param name="Amount">Its amount.</param>
public sealed record LineRef(CommissionLineId Id, ProgramId ProgramId, PartnerId PartnerId, Money Amount);

/// <summary>
/// Lines to move from one state to another together. Supported moves: pending to approved (stamps
/// <see cref="CommissionLine.ApprovedAt"/>), held to pending, held to rejected (stamps
/// <see cref="CommissionLine.ClosedAt"/>). Every line's version is bumped.
/// </summary>
public sealed record LineMove
{
    /// <summary>The lines.</summary>
    public required IReadOnlyList<CommissionLineId> LineIds { get; init; }

    /// <summary>The state every line must be in.</summary>
    public required CommissionState From { get; init; }

    /// <summary>The state they move to.</summary>
    public required CommissionState To { get; init; }

    /// <summary>When they move.</summary>
    public required Instant At { get; init; }

    /// <summary>A reason to record on every line (a review decision), or null to keep theirs.</summary>
    public string? Reason { get; init; }

    /// <summary>Events for the outbox.</summary>
    public IReadOnlyList<AffiliateEvent> Events { get; init; } = [];
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

    /// <summary>What the write adds to the read side, applied in the same transaction.</summary>
    public RollupChange Rollups { get; init; } = RollupChange.None;
}
