using System.Globalization;
using System.Text;

namespace Affiliate.Reliability.Tests.Infrastructure;

/// <summary>
/// What must hold in the stored ledger after any crash, read straight from the tables. Each check returns the list
/// of what is wrong (empty when all holds), so that one failure message shows every broken invariant at once.
/// </summary>
internal static class LedgerChecks
{
    private const string Prefix = "affiliate_";

    /// <summary>
    /// Every order is one whole conversion (its amount, its refunded amount, exactly one commission line of 10% for its
    /// partner), every refund is stored once, and what each conversion and each partner keeps (lines not reversed or
    /// rejected) is exactly 10% of what was not refunded.
    /// </summary>
    public static async Task<List<string>> ConversionsAsync(ReliabilityDatabase db, OrderBook book)
    {
        var problems = new List<string>();
        var conversions = (
            await db.RowsAsync($"SELECT id, amount_minor, refunded_minor FROM {Prefix}conversions")
        ).ToDictionary(r => (string)r[0]!, r => (Amount: (long)r[1]!, Refunded: (long)r[2]!));
        var lines = await db.RowsAsync(
            $"SELECT conversion_id, partner_id, amount_minor, state, reverses_line_id FROM {Prefix}commission_lines"
        );
        var refunds = (await db.RowsAsync($"SELECT id, conversion_id, amount_minor FROM {Prefix}refunds")).ToList();

        if (conversions.Count != book.Orders.Count)
        {
            problems.Add($"{conversions.Count} conversions stored for {book.Orders.Count} orders");
        }

        var byConversion = lines.Where(l => l[0] is not null).ToLookup(l => (string)l[0]!);
        foreach (var order in book.Orders)
        {
            if (!conversions.TryGetValue(order.Id, out var stored))
            {
                problems.Add($"order {order.Id} has no conversion");
                continue;
            }

            var refunded = Math.Min(order.AmountMinor, book.RefundedMinor(order.Id));
            if (stored.Amount != order.AmountMinor || stored.Refunded != refunded)
            {
                problems.Add(
                    $"conversion {order.Id}: amount {stored.Amount}/{order.AmountMinor}, "
                        + $"refunded {stored.Refunded}/{refunded} (stored/expected)"
                );
            }

            var own = byConversion[order.Id].ToList();
            var originals = own.Where(l => l[4] is null).ToList();
            if (
                originals.Count != 1
                || (string)originals[0][1]! != order.PartnerId
                || (long)originals[0][2]! != order.AmountMinor / 10
            )
            {
                problems.Add(
                    $"conversion {order.Id}: {originals.Count} commission line(s) "
                        + $"[{string.Join("; ", originals.Select(Describe))}], expected one of "
                        + $"{order.AmountMinor / 10} for {order.PartnerId}"
                );
            }

            var kept = own.Where(Counts).Sum(l => (long)l[2]!);
            if (kept != book.CommissionMinor(order))
            {
                problems.Add(
                    $"conversion {order.Id}: keeps {kept}, expected {book.CommissionMinor(order)} "
                        + $"(lines: {string.Join("; ", own.Select(Describe))})"
                );
            }
        }

        var refundCounts = refunds.GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var refund in book.Refunds)
        {
            if (!refundCounts.TryGetValue(refund.Id, out var stored))
            {
                problems.Add($"refund {refund.Id} was not applied");
            }
            else if (stored.Count != 1 || (long)stored[0][2]! != refund.AmountMinor)
            {
                problems.Add($"refund {refund.Id}: stored {stored.Count} time(s), amount {stored[0][2]}");
            }
        }

        if (refunds.Count != book.Refunds.Count)
        {
            problems.Add($"{refunds.Count} refunds stored for {book.Refunds.Count} sent");
        }

        var partners = book.Orders.GroupBy(o => o.PartnerId).ToDictionary(g => g.Key, g => g.Sum(book.CommissionMinor));
        var keptByPartner = lines
            .Where(Counts)
            .GroupBy(l => (string)l[1]!)
            .ToDictionary(g => g.Key, g => g.Sum(l => (long)l[2]!));
        foreach (var (partner, expected) in partners)
        {
            var kept = keptByPartner.GetValueOrDefault(partner);
            if (kept != expected)
            {
                problems.Add($"partner {partner} keeps {kept}, expected {expected}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Whatever is stored is whole, whatever a crash interrupted: each conversion has exactly one commission line of
    /// 10% of its amount, its refunded amount is the sum of its stored refunds, and it keeps exactly 10% of what was
    /// not refunded.
    /// </summary>
    public static async Task<List<string>> WholeAsync(ReliabilityDatabase db)
    {
        var problems = new List<string>();
        var conversions = await db.RowsAsync($"SELECT id, amount_minor, refunded_minor FROM {Prefix}conversions");
        var lines = (
            await db.RowsAsync(
                $"SELECT conversion_id, partner_id, amount_minor, state, reverses_line_id FROM {Prefix}commission_lines"
            )
        ).ToLookup(l => (string?)l[0]);
        var refunds = (await db.RowsAsync($"SELECT conversion_id, amount_minor FROM {Prefix}refunds"))
            .GroupBy(r => (string)r[0]!)
            .ToDictionary(g => g.Key, g => g.Sum(r => (long)r[1]!));
        foreach (var conversion in conversions)
        {
            var id = (string)conversion[0]!;
            var amount = (long)conversion[1]!;
            var refunded = (long)conversion[2]!;
            var own = lines[id].ToList();
            var originals = own.Where(l => l[4] is null).ToList();
            if (originals.Count != 1 || (long)originals[0][2]! != amount / 10)
            {
                problems.Add(
                    $"conversion {id} of {amount} has {originals.Count} commission line(s): "
                        + string.Join("; ", own.Select(Describe))
                );
            }

            var stored = Math.Min(amount, refunds.GetValueOrDefault(id));
            if (refunded != stored)
            {
                problems.Add($"conversion {id}: refunded {refunded}, its stored refunds sum to {stored}");
            }

            var kept = own.Where(Counts).Sum(l => (long)l[2]!);
            if (kept != (amount - stored) / 10)
            {
                problems.Add(
                    $"conversion {id}: keeps {kept}, expected {(amount - stored) / 10}: "
                        + string.Join("; ", own.Select(Describe))
                );
            }
        }

        return problems;
    }

    /// <summary>
    /// Payouts and balances: every payout equals the sum of its lines (and counts them, at least one), no line points
    /// at a payout that does not exist, and each partner's stored balance equals its lines by state.
    /// </summary>
    public static async Task<List<string>> PayoutsAndBalancesAsync(ReliabilityDatabase db)
    {
        var problems = new List<string>();
        var payouts = (
            await db.RowsAsync($"SELECT id, partner_id, amount_minor, line_count FROM {Prefix}payouts")
        ).ToDictionary(r => (string)r[0]!, r => r);
        var lines = await db.RowsAsync(
            $"SELECT id, partner_id, amount_minor, state, payout_id, reverses_line_id FROM {Prefix}commission_lines"
        );
        var inPayouts = lines.Where(l => l[4] is not null).ToLookup(l => (string)l[4]!);
        foreach (var (id, payout) in payouts)
        {
            var own = inPayouts[id].ToList();
            var sum = own.Sum(l => (long)l[2]!);
            if (own.Count == 0 || sum != (long)payout[2]! || own.Count != (long)payout[3]!)
            {
                problems.Add(
                    $"payout {id} of {payout[1]}: amount {payout[2]} for {payout[3]} line(s), its lines sum to {sum} "
                        + $"over {own.Count}"
                );
            }

            if (own.Any(l => (string)l[1]! != (string)payout[1]!))
            {
                problems.Add($"payout {id} holds another partner's line");
            }
        }

        foreach (var orphan in inPayouts.Where(g => !payouts.ContainsKey(g.Key)))
        {
            problems.Add($"{orphan.Count()} line(s) name payout {orphan.Key}, which does not exist");
        }

        var balances = await db.RowsAsync(
            $"SELECT partner_id, pending_minor, held_minor, approved_minor, in_payout_minor, paid_minor "
                + $"FROM {Prefix}partner_balances"
        );
        var byPartner = lines.ToLookup(l => (string)l[1]!);
        foreach (var balance in balances)
        {
            var partner = (string)balance[0]!;
            var own = byPartner[partner].ToList();
            long Sum(Func<object?[], bool> where) => own.Where(where).Sum(l => (long)l[2]!);
            var expected = new[]
            {
                Sum(l => (long)l[3]! == 0),
                Sum(l => (long)l[3]! == 1),
                Sum(l => (long)l[3]! == 2 && l[4] is null),
                Sum(l => (long)l[3]! == 2 && l[4] is not null),
                Sum(l => (long)l[3]! == 3),
            };
            var stored = balance.Skip(1).Select(v => (long)v!).ToArray();
            if (!stored.SequenceEqual(expected))
            {
                problems.Add(
                    $"balance of {partner} (pending, held, approved, in payout, paid) is "
                        + $"{string.Join('/', stored)}, its lines say {string.Join('/', expected)}"
                );
            }
        }

        return problems;
    }

    /// <summary>How many inbox events are in each state (0 received, 1 processed, 2 waiting, 3 failed).</summary>
    public static async Task<string> InboxStatesAsync(ReliabilityDatabase db)
    {
        var rows = await db.RowsAsync(
            $"SELECT state, COUNT(*) FROM {Prefix}webhook_inbox GROUP BY state ORDER BY state"
        );
        string[] names = ["received", "processed", "waiting", "failed"];
        return string.Join(", ", rows.Select(r => $"{names[(int)(long)r[0]!]} {r[1]}"));
    }

    public static async Task<long> InboxUndoneAsync(ReliabilityDatabase db) =>
        await db.ScalarAsync($"SELECT COUNT(*) FROM {Prefix}webhook_inbox WHERE state <> 1");

    public static string Report(IReadOnlyCollection<string> problems, int max = 25)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{problems.Count} problem(s):");
        foreach (var problem in problems.Take(max))
        {
            text.Append("\n  ").Append(problem);
        }

        return text.ToString();
    }

    // A line counts toward what the partner keeps unless a refund reversed it or a review rejected it.
    private static bool Counts(object?[] line) => (long)line[3]! is not (4 or 5);

    private static string Describe(object?[] line) =>
        $"{line[1]} {line[2]} state {line[3]}" + (line[4] is null ? "" : " reverses");
}
