namespace Affiliate;

/// <summary>A manual adjustment to record: a bonus, a penalty or a correction, with the caller's id.</summary>
/// <example><code>
/// await ledger.AdjustAsync(program, new AdjustmentRequest
/// {
///     AdjustmentId = "2026-03-campaign-anna",
///     PartnerId = new PartnerId("anna"),
///     Kind = AdjustmentKind.Bonus,
///     Amount = Money.Of(50m, "EUR"),
///     Reason = "spring campaign winner",
/// });
/// </code></example>
public sealed record AdjustmentRequest
{
    /// <summary>
    /// The caller's id for the adjustment, unique in the program: recording it again with the same content changes
    /// nothing (a replay); with other content it fails with <c>idempotency_conflict</c>.
    /// </summary>
    public required string AdjustmentId { get; init; }

    /// <summary>The partner; must be registered (<c>unknown_partner</c> otherwise).</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>Bonus (a positive amount), penalty (a negative amount) or correction (either).</summary>
    public required AdjustmentKind Kind { get; init; }

    /// <summary>The amount in the program's currency, rounded to its minor unit, not zero.</summary>
    public required Money Amount { get; init; }

    /// <summary>Why; the partner reads it on their statement.</summary>
    public required string Reason { get; init; }
}
