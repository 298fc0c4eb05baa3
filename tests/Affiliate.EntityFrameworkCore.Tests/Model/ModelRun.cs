using System.Globalization;
using Affiliate.Stores;

namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// Runs one history on a <see cref="ModelHost"/> and on a <see cref="ReferenceModel"/> side by side. After every op
/// the library must have accepted or refused it as the model did and every partner's balances must equal the model's;
/// at the end every payout (amount, lines, status, statement) and every partner's monthly statement (total, lines,
/// entries, CSV) must too, to the cent. The first disagreement throws <see cref="ModelMismatchException"/>.
/// </summary>
public sealed class ModelRun
{
    private static readonly Currency Eur = Currency.EUR;

    private readonly ModelHost _host;
    private readonly ReferenceModel _model = new();
    private readonly Dictionary<ReferenceModel.PayoutRecord, PayoutId> _payoutIds = [];
    private int _refunds;
    private int _step;
    private ModelOp? _op;

    private ModelRun(ModelHost host) => _host = host;

    /// <summary>
    /// Runs <paramref name="history"/> on <paramref name="host"/>; true, or throws at the first mismatch.
    /// </summary>
    public static async Task<bool> RunAsync(ModelHost host, ModelCase history, ModelCoverage? coverage = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var run = new ModelRun(host);
        foreach (var op in history.Ops)
        {
            run._op = op;
            await run.StepAsync(op);
            await run.CompareBalancesAsync();
            run._step++;
        }

        run._op = null;
        await run.ComparePayoutsAsync();
        await run.CompareStatementsAsync();
        coverage?.Add(run._model.Reached, history.Ops.Length);
        return true;
    }

    private async Task StepAsync(ModelOp op)
    {
        // Every op a minute after the last, so no two events share an instant (and "last click" is never a tie).
        Advance(Duration.FromMinutes(1));
        switch (op)
        {
            case ClickOp click:
                await ClickAsync(click);
                break;
            case SaleOp sale:
                await SaleAsync(sale);
                break;
            case RefundOp refund when _model.Sales.Count > 0:
                await RefundAsync(refund);
                break;
            case ReviewOp review when _model.Sales.Count > 0:
                await ReviewAsync(review);
                break;
            case PlanVersionOp version:
                await ScheduleAsync(version);
                break;
            case ClockJumpOp jump:
                Advance(Duration.FromHours(jump.Hours));
                break;
            case ApprovalRunOp:
                await _host.RunAsync<CommissionLedger, int>(l => l.ApproveDueAsync());
                _model.ApproveDue();
                break;
            case PayoutRunOp run:
                await PayoutRunAsync(run.Then);
                break;
            case DaysPassOp days:
                Advance(Duration.FromDays(days.Days));
                await _host.RunAsync<CommissionLedger, int>(l => l.ApproveDueAsync());
                _model.ApproveDue();
                await PayoutRunAsync(days.Then);
                break;
            case SettleOp settle:
                foreach (var payout in _model.Payouts.Where(p => p.Status == PayoutStatus.Pending).ToArray())
                {
                    await CloseAsync(payout, settle.Paid);
                }

                break;
        }
    }

    private void Advance(Duration by)
    {
        _host.Clock.Advance(by);
        _model.Advance(by);
    }

    private async Task ClickAsync(ClickOp click)
    {
        var request = new ClickRequest
        {
            ReferralCode = ModelProgram.Code(click.Partner),
            VisitorId = $"v{click.Visitor}",
        };
        var result = await _host.RunAsync<ClickTracker, AffiliateResult<Click>>(t => t.RecordAsync(request));
        Expect(result.Succeeded, $"the click was refused: {result.Error}");
        _model.Click(click.Partner, click.Visitor);
    }

    private async Task SaleAsync(SaleOp op)
    {
        var id = $"sale-{_model.Sales.Count}" + (op.Review ? "-review" : "");
        var request = new ConversionRequest
        {
            Facts = ConversionFacts.Sale(
                new ConversionId(id),
                _host.Clock.Now - Duration.FromHours(op.BackdateHours),
                Money.OfMinor(op.Cents, Eur)
            ),
            VisitorId = op.Visitor is { } visitor ? $"v{visitor}" : null,
            ReferralCode = op.Coupon is { } coupon ? ModelProgram.Code(coupon) : null,
        };
        var result = await _host.RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r =>
            r.RecordAsync(request)
        );
        Expect(result.Succeeded, $"the sale was refused: {result.Error}");
        var sale = _model.RecordSale(id, op);
        var expected = sale.Commissions.Select(c => Describe(c.Partner, c.Cents, c.State)).Order();
        var actual = result
            .Value!.Lines.Select(l =>
                Describe(Array.IndexOf(ModelProgram.Partners, l.PartnerId.Value), l.Amount.MinorUnits(), State(l))
            )
            .Order();
        Expect(
            expected.SequenceEqual(actual),
            $"lines [{string.Join(", ", actual)}], model [{string.Join(", ", expected)}]"
        );
    }

    private async Task RefundAsync(RefundOp op)
    {
        var sale = _model.Sales[^(1 + (op.Sale % _model.Sales.Count))];
        long? cents = op.Percent is { } percent
            ? (long)decimal.Round(sale.Cents * percent / 100m, 0, MidpointRounding.AwayFromZero)
            : null;
        var request = new RefundRequest
        {
            ConversionId = new ConversionId(sale.Id),
            RefundId = $"refund-{_refunds++}",
            Amount = cents is { } some ? Money.OfMinor(some, Eur) : null,
        };
        var result = await _host.RunAsync<ConversionRecorder, AffiliateResult<RefundOutcome>>(r =>
            r.RefundAsync(request)
        );
        var accepted = _model.Refund(sale, cents);
        Expect(
            result.Succeeded == accepted,
            $"refund of {(cents is { } c ? Cents(c) : "the rest")} on {sale.Id}: library "
                + $"{(result.Succeeded ? "accepted" : result.Error!.Code)}, model {(accepted ? "accepts" : "refuses")}"
        );
    }

    private async Task ReviewAsync(ReviewOp op)
    {
        var held = _model.Sales.Where(s => s.Held).ToArray();
        var sale = held.Length > 0 ? held[^(1 + (op.Sale % held.Length))] : _model.Sales[^1];
        var decision = new ReviewDecision(op.Approve, "the model says so", "model");
        var result = await _host.RunAsync<CommissionLedger, AffiliateResult<IReadOnlyList<CommissionLine>>>(l =>
            l.ReviewAsync(null, new ConversionId(sale.Id), decision)
        );
        var accepted = _model.Review(sale, op.Approve);
        Expect(
            result.Succeeded == accepted,
            $"review of {sale.Id}: library {(result.Succeeded ? "accepted" : result.Error!.Code)}, model "
                + $"{(accepted ? "accepts" : "refuses")}"
        );
    }

    private async Task ScheduleAsync(PlanVersionOp op)
    {
        var current = (
            await _host.RunAsync<PlanDirectory, AffiliateResult<PlanDetails>>(d => d.FindAsync(ModelHost.PlanId))
        ).GetValueOrThrow();
        var version = ModelHost.Version(
            current.Plan.Versions[^1].Number + 1,
            _host.Clock.Now + Duration.FromHours(op.StartsInHours),
            op.SellerPercent,
            op.UplinePercent
        );
        var result = await _host.RunAsync<PlanDirectory, AffiliateResult<PlanDetails>>(d =>
            d.ScheduleAsync(ModelHost.PlanId, version, current.Revision)
        );
        var accepted = _model.ScheduleVersion(op);
        Expect(
            result.Succeeded == accepted,
            $"plan version: library {(result.Succeeded ? "accepted" : result.Error!.Code)}, model "
                + $"{(accepted ? "accepts" : "refuses")}"
        );
    }

    private async Task PayoutRunAsync(PayoutFollowUp then)
    {
        var run = (
            await _host.RunAsync<PayoutProcessor, AffiliateResult<PayoutRun>>(p => p.CreatePayoutsAsync())
        ).GetValueOrThrow();
        var expected = _model.RunPayouts();
        var actual = run.Payouts.ToDictionary(p => Array.IndexOf(ModelProgram.Partners, p.PartnerId.Value));
        Expect(
            actual.Count == expected.Count && expected.All(e => actual.ContainsKey(e.Partner)),
            $"the run paid [{string.Join(", ", run.Payouts.Select(p => $"{p.PartnerId} {p.Amount}"))}], model "
                + $"[{string.Join(", ", expected.Select(e => $"{ModelProgram.Partners[e.Partner]} {Cents(e.Cents)}"))}]"
        );
        foreach (var payout in expected)
        {
            _payoutIds[payout] = actual[payout.Partner].Id;
        }

        if (then != PayoutFollowUp.LeavePending)
        {
            foreach (var payout in expected)
            {
                await CloseAsync(payout, then == PayoutFollowUp.MarkPaid);
            }
        }
    }

    private async Task CloseAsync(ReferenceModel.PayoutRecord payout, bool paid)
    {
        var id = _payoutIds[payout];
        var result = await _host.RunAsync<PayoutProcessor, AffiliateResult<Payout>>(p =>
            paid ? p.MarkPaidAsync(id, $"transfer-{id}") : p.MarkFailedAsync(id, "the bank returned it")
        );
        Expect(result.Succeeded, $"closing payout {id}: {result.Error}");
        _model.Close(payout, paid);
    }

    private async Task CompareBalancesAsync()
    {
        for (var partner = 0; partner < ModelProgram.Partners.Length; partner++)
        {
            var id = new PartnerId(ModelProgram.Partners[partner]);
            var balances = await _host.RunAsync<CommissionLedger, IReadOnlyList<PartnerBalance>>(l =>
                l.BalancesAsync(id)
            );
            var eur = balances.SingleOrDefault(b => b.Currency == Eur);
            var actual = eur is null
                ? (0L, 0L, 0L, 0L, 0L)
                : (
                    eur.Pending.MinorUnits(),
                    eur.Held.MinorUnits(),
                    eur.Approved.MinorUnits(),
                    eur.InPayout.MinorUnits(),
                    eur.Paid.MinorUnits()
                );
            var expected = _model.Balance(partner);
            Expect(
                actual == expected,
                $"{id} balance (pending, held, approved, in payout, paid) in cents: library {actual}, model {expected}"
            );
        }
    }

    private async Task ComparePayoutsAsync()
    {
        var stored = await _host.RunAsync<IPayoutStore, IReadOnlyList<Payout>>(s =>
            s.QueryAsync(new PayoutQuery(), default)
        );
        Expect(stored.Count == _model.Payouts.Count, $"{stored.Count} payouts stored, model {_model.Payouts.Count}");
        foreach (var payout in _model.Payouts)
        {
            var id = _payoutIds[payout];
            var statement = (
                await _host.RunAsync<PayoutProcessor, AffiliateResult<PayoutStatement>>(p => p.StatementAsync(id))
            ).GetValueOrThrow();
            var linesSum = statement.Lines.Sum(l => l.Amount.MinorUnits());
            var entriesSum = statement.Entries.Sum(e => e.Amount.MinorUnits());

            // A failed payout's lines were released: the statement then lists none of them.
            var lineCount = payout.Status == PayoutStatus.Failed ? 0 : payout.LineCount;
            var linesCents = payout.Status == PayoutStatus.Failed ? 0 : payout.Cents;
            Expect(
                statement.Payout.Amount.MinorUnits() == payout.Cents
                    && statement.Payout.LineCount == payout.LineCount
                    && statement.Payout.Status == payout.Status
                    && statement.Payout.PartnerId.Value == ModelProgram.Partners[payout.Partner]
                    && statement.Lines.Count == lineCount
                    && linesSum == linesCents
                    && entriesSum == linesCents,
                $"payout {id}: library {statement.Payout.PartnerId} {statement.Payout.Amount} "
                    + $"{statement.Payout.LineCount} lines {statement.Payout.Status}, statement "
                    + $"{statement.Lines.Count} "
                    + $"lines summing {Cents(linesSum)}, entries {Cents(entriesSum)}; model "
                    + $"{ModelProgram.Partners[payout.Partner]} {Cents(payout.Cents)} {payout.LineCount} lines "
                    + $"{payout.Status}"
            );
            Expect(
                CsvAmounts(Csv.Lines(statement.Lines)) == linesCents,
                $"payout {id}: the CSV of its lines does not add up to {Cents(linesCents)}"
            );
        }
    }

    private async Task CompareStatementsAsync()
    {
        var month = new LocalDate(ModelProgram.Start.InUtc().Year, ModelProgram.Start.InUtc().Month, 1);
        var last = _model.Now.InUtc().Date;
        for (; month <= last; month = month.PlusMonths(1))
        {
            var from = month.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
            var until = month.PlusMonths(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
            for (var partner = 0; partner < ModelProgram.Partners.Length; partner++)
            {
                var id = new PartnerId(ModelProgram.Partners[partner]);
                var statement = await _host.RunAsync<CommissionLedger, PartnerStatement>(l =>
                    l.StatementAsync(id, from, until)
                );
                var total = statement.Totals.Where(t => t.Currency == Eur).Sum(t => t.MinorUnits());
                var entries = statement.Entries.Sum(e => e.Amount.MinorUnits());
                var (expected, lines) = _model.Statement(partner, from, until);
                Expect(
                    total == expected && entries == expected && statement.Lines.Count == lines,
                    $"{id} statement of {month:yyyy-MM}: library total {Cents(total)}, entries {Cents(entries)}, "
                        + $"{statement.Lines.Count} lines; model {Cents(expected)}, {lines} lines"
                );
            }
        }
    }

    /// <summary>The amount column of a lines CSV, summed in cents (quoted fields may hold commas and quotes).</summary>
    private static long CsvAmounts(string csv)
    {
        var rows = ParseCsv(csv);
        var amount = rows[0].IndexOf("amount");
        return rows.Skip(1)
            .Sum(r => (long)(decimal.Parse(r[amount], NumberStyles.Number, CultureInfo.InvariantCulture) * 100m));
    }

    private static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    private static ModelState State(CommissionLine line) =>
        line.State switch
        {
            CommissionState.Pending => ModelState.Pending,
            CommissionState.Held => ModelState.Held,
            CommissionState.Approved => ModelState.Approved,
            CommissionState.Paid => ModelState.Paid,
            CommissionState.Reversed => ModelState.Reversed,
            _ => ModelState.Rejected,
        };

    private static string Describe(int partner, long cents, ModelState state) =>
        $"{ModelProgram.Partners[partner]} {Cents(cents)} {state}";

    private static string Cents(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private void Expect(bool agreed, string what)
    {
        if (!agreed)
        {
            throw new ModelMismatchException(
                _op is null ? $"after the last op: {what}" : $"at op {_step} ({_op}): {what}"
            );
        }
    }
}

/// <summary>The library and the reference model disagree; the message says where and how.</summary>
public sealed class ModelMismatchException(string message) : Exception(message);

/// <summary>Cents of EUR amounts, as the model counts them.</summary>
internal static class MoneyCents
{
    public static long MinorUnits(this Money money) =>
        money.IsRounded
            ? decimal.ToInt64(money.Amount * 100m)
            : throw new ModelMismatchException($"{money} is not a whole number of cents");
}
