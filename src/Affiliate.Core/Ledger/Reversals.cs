namespace Affiliate;

/// <summary>
/// Works out what a refund does to a conversion's lines. Each line's reversal target is its amount times the share
/// of the sale refunded so far, rounded; what was reversed before is subtracted. Targets only grow with the refunded
/// share and equal the line's amount when everything is refunded, so partial refunds never reverse more than was
/// earned and a full refund reverses exactly all of it. A target is amount x refunded / sale, dividing last: the
/// share as a decimal first (480.65 / 485.50 = 0.99001029...) is cut at 28 digits, which turns an exact midpoint
/// (48.55 x 480.65 / 485.50 = 48.065) into 48.0649... and rounds it the wrong way.
/// </summary>
internal static class Reversals
{
    public sealed record Result(
        IReadOnlyList<Stores.Versioned<CommissionLine>> Reversed,
        IReadOnlyList<CommissionLine> NewLines
    );

    public static Result Plan(
        IReadOnlyList<CommissionLine> lines,
        Money refunded,
        Money sale,
        Refund refund,
        bool allowClawback,
        Instant now
    )
    {
        var fraction = sale.IsZero ? 1m : Math.Min(1m, refunded.Amount / sale.Amount);
        var reversed = new List<Stores.Versioned<CommissionLine>>();
        var newLines = new List<CommissionLine>();
        var reason = refund.Reason
            ?? refund.Kind switch
            {
                RefundKind.Chargeback => "chargeback",
                RefundKind.Cancellation => "order cancelled",
                _ => "refund",
            };

        foreach (var line in lines)
        {
            if (
                line.ReversesLineId is not null
                || !line.Amount.IsPositive
                || line.State is CommissionState.Reversed or CommissionState.Rejected
            )
            {
                continue;
            }

            var children = lines.Where(l => l.ReversesLineId == line.Id).ToArray();
            var alreadyReversed = -Money.Sum(children.Select(c => c.Amount), line.Amount.Currency).Amount;
            var target = decimal.Round(
                fraction >= 1m ? line.Amount.Amount : line.Amount.Amount * refunded.Amount / sale.Amount,
                line.Amount.Currency.MinorUnits,
                MidpointRounding.AwayFromZero
            );
            var delta = new Money(target - alreadyReversed, line.Amount.Currency);
            var paid = line.State == CommissionState.Paid || line.PayoutId is not null;

            // A clawback of this line that is already paid or in a payout (the line sat in a payout that then failed)
            // keeps its money: cancelling the line would take that part back twice, so the rest is reversed by a line.
            var settled = children.Any(c => c.State == CommissionState.Paid || c.PayoutId is not null);
            if (!paid && fraction >= 1m && !settled)
            {
                // Nothing of it was paid: the line and its earlier partial reversals are simply cancelled.
                // The refund is named on the line, so statements show what it took back as an entry of its own.
                var closed = line with
                {
                    State = CommissionState.Reversed,
                    ClosedAt = now,
                    Reason = reason,
                    RefundId = refund.Id,
                };
                reversed.Add(new(closed, line.Version));
                reversed.AddRange(
                    children
                        .Where(c =>
                            c.State is not (CommissionState.Reversed or CommissionState.Rejected) && c.PayoutId is null
                        )
                        .Select(c => new Stores.Versioned<CommissionLine>(
                            c with
                            {
                                State = CommissionState.Reversed,
                                ClosedAt = now,
                                Reason = reason,
                            },
                            c.Version
                        ))
                );
                continue;
            }

            if (!delta.IsPositive)
            {
                continue;
            }

            var clawback = paid;
            newLines.Add(
                new CommissionLine
                {
                    Id = CommissionLineId.New(),
                    ProgramId = line.ProgramId,
                    PartnerId = line.PartnerId,
                    ConversionId = line.ConversionId,
                    Kind = clawback ? LedgerEntryKind.Clawback : LedgerEntryKind.Reversal,
                    Level = line.Level,
                    Amount = delta.Negate(),
                    State = clawback
                        ? (allowClawback ? CommissionState.Approved : CommissionState.Reversed)
                        : line.State,
                    CreatedAt = now,
                    ApprovableAt = clawback ? now : line.ApprovableAt,
                    ApprovedAt = clawback && allowClawback ? now : line.ApprovedAt,
                    ClosedAt = clawback && !allowClawback ? now : null,
                    ReversesLineId = line.Id,
                    RefundId = refund.Id,
                    PlanId = line.PlanId,
                    PlanVersion = line.PlanVersion,
                    Explanation = clawback
                        ? $"{delta.Negate()} clawed back: {reason} of {refund.Amount} on {line.ConversionId} after "
                            + $"the commission of {line.Amount} was "
                            + (
                                allowClawback
                                    ? "paid; deducted from the next payout."
                                    : "paid; the program does not recover it."
                            )
                        : $"{delta.Negate()} reversed: {reason} of {refund.Amount} on {line.ConversionId} takes back "
                            + $"{Percent(fraction)} of the commission of {line.Amount} in total.",
                    ExchangeRate = line.ExchangeRate,
                    Reason = reason,

                    // A reversal counts where the line it reverses counts, so a day's commission nets out in its own
                    // row.
                    Placement = line.Placement,
                }
            );
        }

        return new Result(reversed, newLines);
    }

    internal static string Percent(decimal fraction) =>
        (fraction * 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
