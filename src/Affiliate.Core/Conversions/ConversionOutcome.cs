using Affiliate.Fraud;
using Affiliate.Ledger;

namespace Affiliate.Conversions;

/// <summary>A recorded conversion with the commission lines it produced and what the fraud rules said.</summary>
/// <param name="Conversion">The conversion.</param>
/// <param name="Lines">Its commission lines (empty when not attributed or rejected).</param>
/// <param name="Fraud">The fraud assessment, when rules ran this time.</param>
public sealed record ConversionOutcome(Conversion Conversion, IReadOnlyList<CommissionLine> Lines, FraudAssessment? Fraud);

/// <summary>A recorded refund with the lines it reversed and added.</summary>
/// <param name="Refund">The refund.</param>
/// <param name="Conversion">The conversion after the refund.</param>
/// <param name="ReversedLines">Lines moved to reversed.</param>
/// <param name="NewLines">Negative lines added (reversals of unpaid lines, clawbacks of paid ones).</param>
public sealed record RefundOutcome(Refund Refund, Conversion Conversion, IReadOnlyList<CommissionLine> ReversedLines, IReadOnlyList<CommissionLine> NewLines);
