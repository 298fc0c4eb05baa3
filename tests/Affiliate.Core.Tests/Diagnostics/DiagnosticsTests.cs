using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Diagnostics;

/// <summary>
/// Each instrument of the "Affiliate" Meter records what the operation did, and the operations start activities with
/// the program, partner and outcome. Every test listens to its own host's Meter only, and picks its activities by its
/// own ids, so tests running at once do not see each other's measurements.
/// </summary>
public sealed class DiagnosticsTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);

    [Fact]
    public async Task A_recorded_click_counts_as_recorded_and_a_refused_one_by_its_code()
    {
        using var host = Host();
        using var metrics = new Measurements(host);
        await host.PartnerAsync("anna");

        await host.ClickAsync("ANNA10", "v1");
        await host.ClickAsync("ANNA10", "v2");
        var refused = await host.Clicks.RecordAsync(new ClickRequest { ReferralCode = "NOPE10", VisitorId = "v3" });

        Assert.Equal(AffiliateErrorCodes.UnknownReferralCode, refused.Error!.Code);
        Assert.Equal(2, metrics.Sum("clicks.recorded", ("program", "default"), ("attributable", true)));
        Assert.Equal(1, metrics.Sum("clicks.refused", ("code", AffiliateErrorCodes.UnknownReferralCode)));
        Assert.Equal(0, metrics.Sum("conversions"));
    }

    [Fact]
    public async Task A_sale_counts_by_outcome_and_its_commission_by_currency_and_a_replay_counts_nothing()
    {
        using var host = Host();
        using var metrics = new Measurements(host);
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        await host.SaleAsync("order-1", 150m, "v1");
        await host.SaleAsync("order-2", 40m, null);
        var replay = await host.SaleAsync("order-1", 150m, "v1");

        Assert.True(replay.AlreadyRecorded);
        Assert.Equal(1, metrics.Sum("conversions", ("outcome", "attributed")));
        Assert.Equal(1, metrics.Sum("conversions", ("outcome", "not_attributed")));
        Assert.Equal(2, metrics.Sum("conversions"));
        Assert.Equal(15m, (decimal)metrics.Sum("commissions.amount", ("currency", "EUR"), ("kind", "Commission")));
        Assert.Equal(0, metrics.Sum("fraud.verdicts"));
    }

    [Fact]
    public async Task A_conversion_rejected_by_a_rule_counts_the_rules_code()
    {
        using var host = Host(b => b.AddConversionFraudRule<RejectBigOrders>());
        using var metrics = new Measurements(host);
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        var rejected = (await host.SaleAsync("order-1", 5_000m, "v1")).GetValueOrThrow();

        Assert.Equal(ConversionStatus.Rejected, rejected.Conversion.Status);
        Assert.Equal(
            1,
            metrics.Sum("fraud.verdicts", ("code", "too_big"), ("action", "Reject"), ("subject", "conversion"))
        );
        Assert.Equal(1, metrics.Sum("conversions", ("outcome", "rejected")));
        Assert.Equal(0, metrics.Sum("commissions.amount"));
    }

    [Fact]
    public async Task Approval_and_payout_runs_count_the_lines_approved_and_the_payouts_created()
    {
        using var host = Host();
        using var metrics = new Measurements(host);
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await host.SaleAsync("order-1", 1_000m, "v1");
        await host.SaleAsync("order-2", 500m, "v1");
        host.Clock.Advance(Duration.FromDays(31));

        var approved = await host.Ledger.ApproveDueAsync();
        var payouts = (await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts;

        Assert.Equal(2, approved);
        Assert.Equal(2, metrics.Sum("lines.approved"));
        Assert.Equal(payouts.Count, (int)metrics.Sum("payouts.created", ("currency", "EUR")));
        Assert.Single(payouts);
    }

    [Fact]
    public async Task Job_runs_count_by_job_with_their_duration()
    {
        using var host = Host();
        using var metrics = new Measurements(host);
        var diagnostics = host.Services.GetRequiredService<AffiliateDiagnostics>();

        var run = await host
            .Services.GetServices<IAffiliateJob>()
            .Single(j => j.Name == PeriodCloseJob.JobName)
            .RunOnceAsync(default);
        diagnostics.JobRun("approvals", TimeSpan.FromMilliseconds(250), ran: false);

        Assert.True(run.Ran);
        Assert.Equal(1, metrics.Sum("jobs.runs", ("job", PeriodCloseJob.JobName), ("ran", true)));
        Assert.Equal(1, metrics.Count("jobs.duration", ("job", PeriodCloseJob.JobName)));
        Assert.Equal(1, metrics.Sum("jobs.runs", ("job", "approvals"), ("ran", false)));
        Assert.Equal(0.25, metrics.Sum("jobs.duration", ("job", "approvals")), 6);
    }

    [Fact]
    public async Task Recording_a_sale_starts_an_activity_tagged_with_program_partner_and_outcome()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AffiliateDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        await host.SaleAsync("activity-order-1", 80m, "v1");
        await host.Conversions.RefundAsync(
            new RefundRequest
            {
                ConversionId = new ConversionId("activity-order-1"),
                RefundId = "activity-refund-1",
                Amount = Money.Of(20m, "EUR"),
            }
        );

        var sale = Assert.Single(activities, a =>
            a.OperationName == "affiliate.conversion.record"
            && (string?)a.GetTagItem("affiliate.conversion") == "activity-order-1"
        );
        Assert.Equal("default", sale.GetTagItem("affiliate.program"));
        Assert.Equal("anna", sale.GetTagItem("affiliate.partner"));
        Assert.Equal("attributed", sale.GetTagItem("affiliate.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, sale.Status);
        var refund = Assert.Single(activities, a =>
            a.OperationName == "affiliate.refund.record"
            && (string?)a.GetTagItem("affiliate.conversion") == "activity-order-1"
        );
        Assert.Equal(
            ("anna", "recorded"),
            (refund.GetTagItem("affiliate.partner"), refund.GetTagItem("affiliate.outcome"))
        );
    }

    private static AffiliateHost Host(Action<AffiliateBuilder>? build = null) =>
        new(
            Start,
            o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.Fraud.ClickToConversion.Enabled = false;
            },
            build
        );

    private sealed class RejectBigOrders : IConversionFraudRule
    {
        public ValueTask<FraudVerdict> EvaluateAsync(
            ConversionFraudContext context,
            CancellationToken cancellationToken
        ) =>
            ValueTask.FromResult(
                context.Conversion.Amount?.Amount > 1_000m
                    ? FraudVerdict.Reject("too_big", "orders above 1,000 need a manual check")
                    : FraudVerdict.Allow
            );
    }

    /// <summary>Every measurement of one host's Meter, with its tags.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _seen = new();

        public Measurements(AffiliateHost host)
        {
            var meter = host.Services.GetRequiredService<AffiliateDiagnostics>().Meter;
            Assert.Equal("Affiliate", meter.Name);
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            _listener.Start();
        }

        /// <summary>The sum of an instrument's measurements whose tags include all those given.</summary>
        public double Sum(string name, params (string Key, object? Value)[] tags) =>
            Matching(name, tags).Sum(m => m.Value);

        /// <summary>How many measurements an instrument took with those tags.</summary>
        public int Count(string name, params (string Key, object? Value)[] tags) => Matching(name, tags).Count();

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Name, double Value, Dictionary<string, object?> Tags)> Matching(
            string name,
            (string Key, object? Value)[] tags
        ) =>
            _seen.Where(m =>
                m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value))
            );

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _seen.Enqueue((instrument.Name, value, copy));
        }
    }
}
