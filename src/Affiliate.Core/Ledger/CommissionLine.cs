namespace Affiliate;

/// <summary>
/// One entry of the append-only commission ledger: who earns how much for what, where it stands, and why.
/// Amounts never change once written; refunds add negative lines or reverse unpaid ones. Immutable; stores keep
/// <see cref="Version"/> as the concurrency token.
/// </summary>
public sealed record CommissionLine
{
    /// <summary>The line's id.</summary>
    public required CommissionLineId Id { get; init; }

    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>The partner the line belongs to.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>The conversion it comes from (none for manual adjustments).</summary>
    public ConversionId? ConversionId { get; init; }

    /// <summary>What the line records.</summary>
    public required LedgerEntryKind Kind { get; init; }

    /// <summary>1 for the seller, 2 for the sponsor...</summary>
    public int Level { get; init; } = 1;

    /// <summary>
    /// The amount, rounded to the minor unit; negative for reversals, clawbacks and negative adjustments.
    /// </summary>
    public required Money Amount { get; init; }

    /// <summary>The line's state.</summary>
    public required CommissionState State { get; init; }

    /// <summary>When the line was written.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>From when a pending line can be approved (conversion time plus the hold period).</summary>
    public Instant? ApprovableAt { get; init; }

    /// <summary>When it was approved.</summary>
    public Instant? ApprovedAt { get; init; }

    /// <summary>When it was paid.</summary>
    public Instant? PaidAt { get; init; }

    /// <summary>When it was reversed or rejected.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>The payout the line is part of, once claimed by one.</summary>
    public PayoutId? PayoutId { get; init; }

    /// <summary>For reversal and clawback lines: the line they reverse.</summary>
    public CommissionLineId? ReversesLineId { get; init; }

    /// <summary>
    /// For reversal and clawback lines: the refund that caused them; for a line a refund reversed outright: that
    /// refund.
    /// </summary>
    public string? RefundId { get; init; }

    /// <summary>For manual adjustments: the caller's id, unique in the program (the idempotency key).</summary>
    public string? AdjustmentId { get; init; }

    /// <summary>For manual adjustments: bonus, penalty or correction.</summary>
    public AdjustmentKind? AdjustmentKind { get; init; }

    /// <summary>The plan and version that priced the line.</summary>
    public PlanId? PlanId { get; init; }

    /// <summary>The plan version number.</summary>
    public int? PlanVersion { get; init; }

    /// <summary>The explanation as a sentence a partner can read.</summary>
    public required string Explanation { get; init; }

    /// <summary>The structured explanation (rule, tier, basis, rate, rounding), when the line was priced.</summary>
    public CommissionExplanation? Details { get; init; }

    /// <summary>The exchange rate used when the conversion was in another currency.</summary>
    public ExchangeRate? ExchangeRate { get; init; }

    /// <summary>Why: the reason of an adjustment, a review decision or a reversal.</summary>
    public string? Reason { get; init; }

    /// <summary>Fraud rule codes that held the line.</summary>
    public IReadOnlyList<string> FraudCodes { get; init; } = [];

    /// <summary>
    /// Where the line counts in the daily rollups (fixed when it is written); null for a line in a currency other than
    /// its program's, which reports leave out.
    /// </summary>
    public ReportPlacement? Placement { get; init; }

    /// <summary>The concurrency token; a store bumps it on every change.</summary>
    public long Version { get; init; }

    /// <summary>True for lines that count toward a partner's balance (not reversed or rejected).</summary>
    public bool IsLive => State is not (CommissionState.Reversed or CommissionState.Rejected);

    /// <summary>Builds a ledger line from a priced line.</summary>
    internal static CommissionLine FromPriced(
        PricedLine priced,
        ProgramId program,
        ConversionId conversion,
        CommissionState state,
        Instant createdAt,
        Instant approvableAt,
        ExchangeRate? rate,
        IReadOnlyList<string> fraudCodes
    ) =>
        new()
        {
            Id = CommissionLineId.New(),
            ProgramId = program,
            PartnerId = priced.PartnerId,
            ConversionId = conversion,
            Kind = priced.Kind switch
            {
                CommissionLineKind.Upline => LedgerEntryKind.Upline,
                CommissionLineKind.Bonus => LedgerEntryKind.Bonus,
                CommissionLineKind.PeriodAdjustment => LedgerEntryKind.PeriodAdjustment,
                _ => LedgerEntryKind.Commission,
            },
            Level = priced.Level,
            Amount = priced.Amount,
            State = state,
            CreatedAt = createdAt,
            ApprovableAt = approvableAt,
            PlanId = priced.Explanation.PlanId,
            PlanVersion = priced.Explanation.PlanVersion,
            Explanation = priced.Explanation.ToSentence(),
            Details = priced.Explanation,
            ExchangeRate = rate,
            FraudCodes = fraudCodes,
        };
}
