namespace Affiliate;

/// <summary>A recorded conversion with the commission lines it produced and what the fraud rules said.</summary>
/// <param name="Conversion">The conversion.</param>
/// <param name="Lines">Its commission lines (empty when not attributed or rejected).</param>
/// <param name="Fraud">The fraud assessment, when rules ran this time.</param>
/// <remarks>
/// A conversion rejected by a fraud rule is recorded (reports count it), so its result succeeds: read
/// <see cref="Disposition"/> (or <see cref="IsRejected"/>) to tell it from a credited one, and <see cref="Reasons"/>
/// for why.
/// </remarks>
public sealed record ConversionOutcome(
    Conversion Conversion,
    IReadOnlyList<CommissionLine> Lines,
    FraudAssessment? Fraud
)
{
    /// <summary>What became of the conversion when it was recorded (also for a replay).</summary>
    public ConversionDisposition Disposition =>
        Conversion.Status switch
        {
            ConversionStatus.Rejected => ConversionDisposition.Rejected,
            ConversionStatus.Held => ConversionDisposition.Held,
            ConversionStatus.NotAttributed => ConversionDisposition.NotAttributed,
            _ => ConversionDisposition.Credited,
        };

    /// <summary>True when a fraud rule (or a reviewer) rejected the conversion: it earns nothing.</summary>
    public bool IsRejected => Disposition == ConversionDisposition.Rejected;

    /// <summary>
    /// Why the conversion was rejected or held, in the library's one error shape (a rule's code and reason; for a
    /// replay, when the rules did not run again, the stored codes). Empty when nothing objected.
    /// </summary>
    public IReadOnlyList<AffiliateError> Reasons =>
        Fraud is { } fraud
            ? fraud.Verdicts.Select(v => v.ToError()).ToArray()
            : Conversion
                .FraudCodes.Select(code => new AffiliateError(code, $"Flagged by the '{code}' rule."))
                .ToArray();
}

/// <summary>What became of a recorded conversion, without reading <see cref="Conversion.Status"/>.</summary>
public enum ConversionDisposition
{
    /// <summary>Credited to partners: commission lines were written (pending, or approved later).</summary>
    Credited = 0,

    /// <summary>Credited, but held by a fraud rule for review; its lines wait.</summary>
    Held = 1,

    /// <summary>Rejected by a fraud rule (self-referral, bot, duplicate...): recorded, no commission.</summary>
    Rejected = 2,

    /// <summary>No partner touch qualified: recorded, no commission.</summary>
    NotAttributed = 3,
}

/// <summary>A recorded refund with the lines it reversed and added.</summary>
/// <param name="Refund">The refund.</param>
/// <param name="Conversion">The conversion after the refund.</param>
/// <param name="ReversedLines">Lines moved to reversed.</param>
/// <param name="NewLines">Negative lines added (reversals of unpaid lines, clawbacks of paid ones).</param>
public sealed record RefundOutcome(
    Refund Refund,
    Conversion Conversion,
    IReadOnlyList<CommissionLine> ReversedLines,
    IReadOnlyList<CommissionLine> NewLines
);
