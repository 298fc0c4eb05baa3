namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// The program a history runs in, shared by the library's configuration and the model: three partners (cleo sponsors
/// anna, anna sponsors ben), percentage rates per plan version (seller and one upline level), a 30-day last-click
/// window, a 7-day hold and a 20.00 EUR payout threshold with clawback.
/// </summary>
public static class ModelProgram
{
    public static readonly string[] Partners = ["cleo", "anna", "ben"];

    /// <summary>Each partner's sponsor (level 2), by index into <see cref="Partners"/>.</summary>
    public static readonly int?[] Sponsors = [null, 0, 1];

    public static readonly Instant Start = Instant.FromUtc(2026, 1, 20, 9, 0);

    public static readonly Instant FirstVersionFrom = Instant.FromUtc(2020, 1, 1, 0, 0);

    public const decimal FirstSellerPercent = 10m;

    public const decimal FirstUplinePercent = 2m;

    public static readonly Duration Window = Duration.FromDays(30);

    public static readonly Duration Hold = Duration.FromDays(7);

    public static readonly Duration LeadTime = Duration.FromMinutes(5);

    public const long ThresholdCents = 2000;

    public static string Code(int partner) => Partners[partner].ToUpperInvariant() + "10";
}

/// <summary>Where a commission (with the reversals that follow it) or a clawback stands.</summary>
public enum ModelState
{
    Pending,
    Held,
    Approved,
    Paid,
    Reversed,
    Rejected,
}

/// <summary>
/// An obviously-correct reference of the ledger, written from DESIGN.md without the library: plain lists and whole
/// cents. A commission is a sale's share for one partner; refunds take back round(amount x refunded share) of it in
/// total, as reversals that travel with it while it is unpaid and as clawbacks (approved at once, paid by the next
/// payout) once it is paid or in a payout. Every method answers whether the library must accept the operation.
/// </summary>
public sealed class ReferenceModel
{
    private readonly List<(int Partner, int Visitor, Instant At)> _clicks = [];
    private readonly List<(Instant From, decimal Seller, decimal Upline)> _versions =
    [
        (ModelProgram.FirstVersionFrom, ModelProgram.FirstSellerPercent, ModelProgram.FirstUplinePercent),
    ];

    public Instant Now { get; private set; } = ModelProgram.Start;

    /// <summary>Which situations this history reached (for the coverage check of the whole run).</summary>
    public HashSet<string> Reached { get; } = [];

    public List<Sale> Sales { get; } = [];

    public List<Commission> Commissions { get; } = [];

    public List<Clawback> Clawbacks { get; } = [];

    public List<PayoutRecord> Payouts { get; } = [];

    public void Advance(Duration by) => Now += by;

    public void Click(int partner, int visitor) => _clicks.Add((partner, visitor, Now));

    /// <summary>A new version is accepted when it starts after the lead time and after the last version.</summary>
    public bool ScheduleVersion(PlanVersionOp op)
    {
        var from = Now + Duration.FromHours(op.StartsInHours);
        if (from < Now + ModelProgram.LeadTime || from <= _versions[^1].From)
        {
            Reached.Add("plan version refused");
            return false;
        }

        _versions.Add((from, op.SellerPercent, op.UplinePercent));
        Reached.Add("plan version scheduled");
        return true;
    }

    /// <summary>
    /// Records a sale: a coupon wins, else the visitor's last click in the window; then its commissions.
    /// </summary>
    public Sale RecordSale(string id, SaleOp op)
    {
        var at = Now - Duration.FromHours(op.BackdateHours);
        int? seller = op.Coupon;
        if (seller is null && op.Visitor is { } visitor)
        {
            var last = _clicks
                .Where(c => c.Visitor == visitor && c.At <= at && at < c.At + ModelProgram.Window)
                .OrderBy(c => c.At)
                .LastOrDefault();
            seller = last == default ? null : last.Partner;
            Reached.Add(seller is null ? "sale without a click in the window" : "sale by last click");
        }
        else if (seller is not null)
        {
            Reached.Add("sale by coupon");
        }

        var sale = new Sale(id, op.Cents, at, Held: seller is not null && op.Review);
        Sales.Add(sale);
        if (seller is not { } s)
        {
            return sale;
        }

        var version = _versions.Last(v => v.From <= at);
        if (version != _versions[0])
        {
            Reached.Add("sale priced by a later version");
        }

        if (sale.Held)
        {
            Reached.Add("sale held for review");
        }

        var state = sale.Held ? ModelState.Held : ModelState.Pending;
        sale.Commissions.Add(NewCommission(sale, s, Percent(op.Cents, version.Seller), state));
        if (ModelProgram.Sponsors[s] is { } sponsor && version.Upline > 0)
        {
            sale.Commissions.Add(NewCommission(sale, sponsor, Percent(op.Cents, version.Upline), state));
            Reached.Add("upline commission");
        }

        return sale;
    }

    /// <summary>
    /// A refund of <paramref name="cents"/> (or the rest): refused when nothing or more than is left would be refunded.
    /// </summary>
    public bool Refund(Sale sale, long? cents)
    {
        var amount = cents ?? sale.Cents - sale.RefundedCents;
        if (amount <= 0 || sale.RefundedCents + amount > sale.Cents)
        {
            Reached.Add("refund refused");
            return false;
        }

        sale.RefundedCents += amount;
        foreach (var commission in sale.Commissions)
        {
            if (commission.State is ModelState.Reversed or ModelState.Rejected)
            {
                continue;
            }

            var target = RoundCents(commission.Cents * (decimal)sale.RefundedCents / sale.Cents);
            var takenBack =
                commission.Reversals.Sum(r => r.Cents) - Clawbacks.Where(c => c.Of == commission).Sum(c => c.Cents);
            var owed = target - takenBack;
            var paid = commission.State == ModelState.Paid || commission.Payout is not null;
            var settledClawbacks = Clawbacks.Any(c =>
                c.Of == commission && (c.State == ModelState.Paid || c.Payout is not null)
            );
            if (!paid && sale.RefundedCents == sale.Cents && !settledClawbacks)
            {
                // Never paid: the commission is cancelled with what was taken back from it so far.
                Reached.Add($"full refund of a {commission.State} commission");
                commission.State = ModelState.Reversed;
                foreach (var clawback in Clawbacks.Where(c => c.Of == commission && c.State == ModelState.Approved))
                {
                    clawback.State = ModelState.Reversed;
                }

                continue;
            }

            if (owed <= 0)
            {
                continue;
            }

            if (paid)
            {
                Reached.Add(commission.State == ModelState.Paid ? "clawback after payment" : "clawback in a payout");
                Clawbacks.Add(new Clawback(commission, -owed, Now));
            }
            else
            {
                Reached.Add($"reversal of a {commission.State} commission");
                commission.Reversals.Add((Now, owed));
            }
        }

        return true;
    }

    /// <summary>
    /// A review decision: taken once for a sale still held; the same decision again is a harmless replay, the
    /// opposite one is refused.
    /// </summary>
    public bool Review(Sale sale, bool approve)
    {
        if (sale.Decision is { } earlier)
        {
            return earlier == approve;
        }

        var held = sale.Commissions.Where(c => c.State == ModelState.Held).ToArray();
        if (!sale.Held || held.Length == 0)
        {
            return false;
        }

        sale.Decision = approve;
        Reached.Add(approve ? "review approved" : "review rejected");
        foreach (var commission in held)
        {
            commission.State = approve ? ModelState.Pending : ModelState.Rejected;
        }

        return true;
    }

    /// <summary>Approves every pending commission whose hold period is over.</summary>
    public void ApproveDue()
    {
        foreach (var commission in Commissions.Where(c => c.State == ModelState.Pending && c.ApprovableAt <= Now))
        {
            commission.State = ModelState.Approved;
        }
    }

    /// <summary>
    /// Per partner, everything approved and unclaimed, when its sum is positive and reaches the threshold.
    /// </summary>
    public List<PayoutRecord> RunPayouts()
    {
        var created = new List<PayoutRecord>();
        for (var partner = 0; partner < ModelProgram.Partners.Length; partner++)
        {
            var commissions = Commissions
                .Where(c => c.Partner == partner && c.State == ModelState.Approved && c.Payout is null)
                .ToArray();
            var clawbacks = Clawbacks
                .Where(c => c.Of.Partner == partner && c.State == ModelState.Approved && c.Payout is null)
                .ToArray();
            var sum = commissions.Sum(c => c.Net) + clawbacks.Sum(c => c.Cents);
            if (sum <= 0 || sum < ModelProgram.ThresholdCents)
            {
                Reached.Add(sum < 0 ? "negative balance waits" : "balance below the threshold waits");
                continue;
            }

            var payout = new PayoutRecord(partner, sum, commissions.Sum(c => 1 + c.Reversals.Count) + clawbacks.Length);
            foreach (var commission in commissions)
            {
                commission.Payout = payout;
            }

            foreach (var clawback in clawbacks)
            {
                clawback.Payout = payout;
            }

            Payouts.Add(payout);
            created.Add(payout);
        }

        return created;
    }

    /// <summary>Paid: its lines are paid. Failed: its lines are released to the next run.</summary>
    public void Close(PayoutRecord payout, bool paid)
    {
        payout.Status = paid ? PayoutStatus.Paid : PayoutStatus.Failed;
        Reached.Add(paid ? "payout paid" : "payout failed");
        if (Clawbacks.Any(c => c.Payout == payout))
        {
            Reached.Add("clawback netted in a payout");
        }
        foreach (var commission in Commissions.Where(c => c.Payout == payout))
        {
            commission.State = paid ? ModelState.Paid : ModelState.Approved;
            commission.Payout = paid ? payout : null;
        }

        foreach (var clawback in Clawbacks.Where(c => c.Payout == payout))
        {
            clawback.State = paid ? ModelState.Paid : ModelState.Approved;
            clawback.Payout = paid ? payout : null;
        }
    }

    /// <summary>A partner's balances in cents: pending, held, approved (unclaimed), in payout, paid.</summary>
    public (long Pending, long Held, long Approved, long InPayout, long Paid) Balance(int partner)
    {
        var entries = Commissions
            .Where(c => c.Partner == partner)
            .Select(c => (c.State, c.Payout, Cents: c.Net))
            .Concat(Clawbacks.Where(c => c.Of.Partner == partner).Select(c => (c.State, c.Payout, c.Cents)))
            .ToArray();
        long Sum(Func<(ModelState State, PayoutRecord? Payout, long Cents), bool> which) =>
            entries.Where(which).Sum(e => e.Cents);
        return (
            Sum(e => e.State == ModelState.Pending),
            Sum(e => e.State == ModelState.Held),
            Sum(e => e.State == ModelState.Approved && e.Payout is null),
            Sum(e => e.State == ModelState.Approved && e.Payout is not null),
            Sum(e => e.State == ModelState.Paid)
        );
    }

    /// <summary>
    /// What a partner's statement for [from, until) adds up to and how many ledger lines it lists: commissions, their
    /// reversals and clawbacks created in the period, counted unless cancelled or rejected.
    /// </summary>
    public (long Total, int Lines) Statement(int partner, Instant from, Instant until)
    {
        bool In(Instant at) => from <= at && at < until;
        long total = 0;
        var lines = 0;
        foreach (var commission in Commissions.Where(c => c.Partner == partner))
        {
            var counts = commission.State is not (ModelState.Reversed or ModelState.Rejected);
            if (In(commission.CreatedAt))
            {
                lines++;
                total += counts ? commission.Cents : 0;
            }

            foreach (var (at, cents) in commission.Reversals.Where(r => In(r.At)))
            {
                lines++;
                total -= counts ? cents : 0;
            }
        }

        foreach (var clawback in Clawbacks.Where(c => c.Of.Partner == partner && In(c.CreatedAt)))
        {
            lines++;
            total += clawback.State == ModelState.Reversed ? 0 : clawback.Cents;
        }

        return (total, lines);
    }

    private Commission NewCommission(Sale sale, int partner, long cents, ModelState state)
    {
        var commission = new Commission(sale, partner, cents, Now, sale.At + ModelProgram.Hold) { State = state };
        Commissions.Add(commission);
        return commission;
    }

    private static long Percent(long cents, decimal percent) => RoundCents(cents * percent / 100m);

    private static long RoundCents(decimal cents) => (long)decimal.Round(cents, 0, MidpointRounding.AwayFromZero);

    /// <summary>A recorded sale: its amount, when it occurred, what was refunded, its review.</summary>
    public sealed record Sale(string Id, long Cents, Instant At, bool Held)
    {
        public long RefundedCents { get; set; }

        public bool? Decision { get; set; }

        public List<Commission> Commissions { get; } = [];
    }

    /// <summary>One partner's commission on a sale, with the reversals (positive cents) taken from it unpaid.</summary>
    public sealed class Commission(Sale sale, int partner, long cents, Instant createdAt, Instant approvableAt)
    {
        public Sale Sale { get; } = sale;

        public int Partner { get; } = partner;

        public long Cents { get; } = cents;

        public Instant CreatedAt { get; } = createdAt;

        public Instant ApprovableAt { get; } = approvableAt;

        public ModelState State { get; set; }

        public PayoutRecord? Payout { get; set; }

        public List<(Instant At, long Cents)> Reversals { get; } = [];

        /// <summary>The commission less what its reversals took back (they share its state and payout).</summary>
        public long Net => Cents - Reversals.Sum(r => r.Cents);
    }

    /// <summary>A negative line taking back part of a commission that was paid or in a payout.</summary>
    public sealed class Clawback(Commission of, long cents, Instant createdAt)
    {
        public Commission Of { get; } = of;

        public long Cents { get; } = cents;

        public Instant CreatedAt { get; } = createdAt;

        public ModelState State { get; set; } = ModelState.Approved;

        public PayoutRecord? Payout { get; set; }
    }

    /// <summary>A payout: partner, amount in cents, how many ledger lines it settles, its status.</summary>
    public sealed class PayoutRecord(int partner, long cents, int lineCount)
    {
        public int Partner { get; } = partner;

        public long Cents { get; } = cents;

        public int LineCount { get; } = lineCount;

        public PayoutStatus Status { get; set; } = PayoutStatus.Pending;
    }
}
