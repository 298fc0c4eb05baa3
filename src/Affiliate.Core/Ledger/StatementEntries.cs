using System.Globalization;
using Affiliate.Stores;

namespace Affiliate;

/// <summary>
/// Turns ledger lines into the entries a partner reads, one per line and one per refund of a line. Every line adds
/// its own amount to its entry (a reversal or clawback line to its refund's), and a line that no longer counts
/// takes it out again from the entry that ended it: the refund that reversed it outright, or its own entry when it
/// was rejected or never recovered. So each line adds exactly what it counts for, and the entries of any set of lines
/// add up to the same total as the lines themselves.
/// </summary>
internal static class StatementEntries
{
    public static async ValueTask<IReadOnlyList<StatementEntry>> BuildAsync(
        IReadOnlyList<CommissionLine> lines,
        IConversionStore? conversions,
        ILedgerStore ledger,
        CancellationToken cancellationToken
    )
    {
        // Lines outside the set (the commission a refund in this period took back) are read by id, once each.
        var byId = lines.ToDictionary(l => l.Id, l => (CommissionLine?)l);
        var drafts = new Dictionary<(string? RefundId, CommissionLineId Line), Draft>();
        var order = new List<Draft>();

        async ValueTask<CommissionLine?> LineAsync(CommissionLineId id)
        {
            if (!byId.TryGetValue(id, out var line))
            {
                line = byId[id] = await ledger.FindLineAsync(id, cancellationToken).ConfigureAwait(false);
            }

            return line;
        }

        Draft DraftOf(string? refundId, CommissionLineId lineId, CommissionLine first, Instant at)
        {
            if (!drafts.TryGetValue((refundId, lineId), out var draft))
            {
                draft = new Draft(refundId, lineId, first, at, Money.Zero(first.Amount.Currency));
                drafts[(refundId, lineId)] = draft;
                order.Add(draft);
            }

            return draft;
        }

        foreach (var line in lines)
        {
            if (line.ReversesLineId is { } reversed)
            {
                // A reversal or clawback line: part of its refund's entry.
                var home = DraftOf(line.RefundId, reversed, line, line.CreatedAt).Add(line, line.Amount);
                if (line.IsLive)
                {
                    continue;
                }

                // A clawback the program does not recover never counted; a partial reversal a later full refund
                // cancelled counts for its own refund, and is given back in the entry of the refund that reversed all.
                var parent =
                    line.Kind == LedgerEntryKind.Reversal ? await LineAsync(reversed).ConfigureAwait(false) : null;
                var closer = parent is { State: CommissionState.Reversed, RefundId: { } closing }
                    ? DraftOf(closing, reversed, line, parent.ClosedAt ?? line.CreatedAt)
                    : home;
                closer.Add(line, line.Amount.Negate());
                home.NotRecovered |= line.Kind == LedgerEntryKind.Clawback;
                continue;
            }

            var own = DraftOf(null, line.Id, line, line.CreatedAt).Add(line, line.Amount);
            if (line.IsLive)
            {
                continue;
            }

            var end = line is { State: CommissionState.Reversed, RefundId: { } refund }
                ? DraftOf(refund, line.Id, line, line.ClosedAt ?? line.CreatedAt)
                : own;
            end.Add(line, line.Amount.Negate());
        }

        var refunds = new Dictionary<(ProgramId, string), Refund?>();
        var entries = new List<StatementEntry>(order.Count);
        foreach (var draft in order)
        {
            if (draft.RefundId is not { } refundId)
            {
                entries.Add(LineEntry(draft));
                continue;
            }

            var key = (draft.First.ProgramId, refundId);
            if (!refunds.TryGetValue(key, out var refund))
            {
                refund = conversions is null
                    ? null
                    : await conversions
                        .FindRefundAsync(key.ProgramId, refundId, cancellationToken)
                        .ConfigureAwait(false);
                refunds[key] = refund;
            }

            var original = await LineAsync(draft.LineId).ConfigureAwait(false);
            entries.Add(RefundEntry(draft, refund, original));
        }

        return entries.OrderBy(e => e.At).ToArray(); // stable: entries of one instant keep the lines' order
    }

    /// <summary>What the lines that count add up to, per currency, in the order the currencies first appear.</summary>
    public static IReadOnlyList<Money> Totals(IReadOnlyList<CommissionLine> lines) =>
        lines
            .GroupBy(l => l.Amount.Currency)
            .Select(g => Money.Sum(g.Where(l => l.IsLive).Select(l => l.Amount), g.Key))
            .ToArray();

    private static StatementEntry LineEntry(Draft draft)
    {
        var line = draft.First;
        // A rejected line (or one reversed without a refund on record) is shown at nothing owed, with why.
        var sentence =
            draft.Amount == line.Amount
                ? line.Explanation
                : $"{draft.Amount}: {line.Explanation} Not owed: {line.Reason ?? line.State.ToString()}.";
        return new StatementEntry(draft.At, StatementEntryKind.Line, draft.Amount, sentence)
        {
            PartnerId = line.PartnerId,
            ConversionId = line.ConversionId,
            LineIds = draft.Lines,
        };
    }

    private static StatementEntry RefundEntry(Draft draft, Refund? refund, CommissionLine? original)
    {
        var line = draft.First;
        var what = refund is null ? $"refund {draft.RefundId}" : $"{Word(refund.Kind)} {refund.Id} of {refund.Amount}";
        var on = line.ConversionId is { } conversion ? $" on {conversion}" : string.Empty;
        var commission = original?.Amount;
        var taken = draft.Amount.Negate();
        var share = commission is { IsZero: false } c ? Reversals.Percent(taken.Amount / c.Amount) : taken.ToString();
        var paid = draft.Clawback ? "paid " : string.Empty;
        var of = commission is { } total ? $" of the {paid}commission of {total}" : string.Empty;
        string sentence;
        if (draft.NotRecovered)
        {
            var claimed = -draft.Lines.Select(id => draft.AmountOf(id)).Sum();
            sentence =
                $"{draft.Amount}: {what}{on} would claw back {new Money(claimed, line.Amount.Currency)}{of}; "
                + "the program does not recover it.";
        }
        else if (draft.Clawback)
        {
            sentence = $"{draft.Amount}: {what}{on} claws back {share}{of}; deducted from the next payout.";
        }
        else
        {
            sentence = $"{draft.Amount}: {what}{on} takes back {share}{of}.";
        }

        return new StatementEntry(refund?.RecordedAt ?? draft.At, StatementEntryKind.Refund, draft.Amount, sentence)
        {
            PartnerId = line.PartnerId,
            ConversionId = line.ConversionId,
            RefundId = draft.RefundId,
            LineIds = draft.Lines,
        };
    }

    private static string Word(RefundKind kind) =>
        kind switch
        {
            RefundKind.Chargeback => "chargeback",
            RefundKind.Cancellation => "cancellation",
            _ => "refund",
        };

    /// <summary>An entry being put together: its first line, its lines and what they add.</summary>
    private sealed class Draft(string? refundId, CommissionLineId lineId, CommissionLine first, Instant at, Money zero)
    {
        private readonly List<CommissionLineId> _lines = [];
        private readonly Dictionary<CommissionLineId, decimal> _amounts = [];

        public string? RefundId { get; } = refundId;

        public CommissionLineId LineId { get; } = lineId;

        public CommissionLine First { get; } = first;

        public Instant At { get; } = at;

        public Money Amount { get; private set; } = zero;

        public bool Clawback { get; private set; }

        public bool NotRecovered { get; set; }

        public IReadOnlyList<CommissionLineId> Lines => _lines;

        public decimal AmountOf(CommissionLineId id) => _amounts.GetValueOrDefault(id);

        public Draft Add(CommissionLine line, Money amount)
        {
            if (!_amounts.ContainsKey(line.Id))
            {
                _lines.Add(line.Id);
                _amounts[line.Id] = line.Amount.Amount; // the line's own amount, for sentences
            }

            Clawback |= line.Kind == LedgerEntryKind.Clawback;
            Amount += amount;
            return this;
        }
    }
}
