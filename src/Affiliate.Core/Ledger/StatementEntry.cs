namespace Affiliate;

/// <summary>
/// One entry of a statement or a conversion's history, as a partner reads it: an amount and the sentence that says
/// why. A commission, bonus or adjustment is one entry; each refund, chargeback or cancellation is an entry of its own
/// with the share of the commission it takes back, however the ledger records it underneath (a negative reversal
/// line, a clawback line after payout, or the line itself moved to reversed).
/// </summary>
/// <param name="At">When it happened: the line's creation, or the refund's recording.</param>
/// <param name="Kind">A line, or a refund taking money back.</param>
/// <param name="Amount">What the entry adds to the total (negative for refunds; zero when nothing is owed).</param>
/// <param name="Sentence">The entry in words.</param>
public sealed record StatementEntry(Instant At, StatementEntryKind Kind, Money Amount, string Sentence)
{
    /// <summary>The partner.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>The conversion, for entries of conversions (none for manual adjustments).</summary>
    public ConversionId? ConversionId { get; init; }

    /// <summary>For refund entries: the host's refund id.</summary>
    public string? RefundId { get; init; }

    /// <summary>The lines the entry is made of.</summary>
    public IReadOnlyList<CommissionLineId> LineIds { get; init; } = [];
}

/// <summary>What a <see cref="StatementEntry"/> is.</summary>
public enum StatementEntryKind
{
    /// <summary>A commission, upline commission, bonus, tier adjustment or manual adjustment.</summary>
    Line = 0,

    /// <summary>A refund, chargeback or cancellation taking back part or all of a commission.</summary>
    Refund = 1,
}

/// <summary>
/// A partner's statement for a period: the ledger lines created in it and the entries a partner reads. The entries
/// add up, per currency, to the same <see cref="Totals"/> as the lines.
/// </summary>
/// <param name="Lines">The lines, oldest first.</param>
/// <param name="Entries">The entries, oldest first.</param>
public sealed record PartnerStatement(IReadOnlyList<CommissionLine> Lines, IReadOnlyList<StatementEntry> Entries)
{
    /// <summary>What the lines that count (not reversed or rejected) add up to, per currency.</summary>
    public IReadOnlyList<Money> Totals => StatementEntries.Totals(Lines);
}

/// <summary>
/// A conversion's history: the conversion (with its review decision, if any), every commission line written for it
/// and the entries a partner reads, each refund its own entry.
/// </summary>
/// <param name="Conversion">The conversion.</param>
/// <param name="Lines">Its lines, every partner's, oldest first.</param>
/// <param name="Entries">The entries, oldest first.</param>
public sealed record ConversionHistory(
    Conversion Conversion,
    IReadOnlyList<CommissionLine> Lines,
    IReadOnlyList<StatementEntry> Entries
);
