using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Affiliate.Benchmarks.Pricing;

/// <summary>
/// Target: pricing a sale under the README's three-level tiered plan takes at most twice a hand-written function
/// computing the same three amounts (Ratio &lt;= 2.0); Allocated says how many bytes one call costs.
/// </summary>
[MemoryDiagnoser]
[BenchJob(JobWeight.Micro)]
public class PricingBenchmarks
{
    private PricingRequest _request = null!;
    private HandPricing.Sale _sale;

    /// <summary>Builds the request (Cleo's 25th sale of the month, sponsored by Ben, sponsored by Anna) and checks both
    /// agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var anna = new Partner
        {
            Id = new PartnerId("anna"),
            Name = "Anna",
            Status = PartnerStatus.Active,
        };
        var ben = new Partner
        {
            Id = new PartnerId("ben"),
            Name = "Ben",
            Status = PartnerStatus.Active,
            SponsorId = anna.Id,
        };
        var cleo = new Partner
        {
            Id = new PartnerId("cleo"),
            Name = "Cleo",
            Status = PartnerStatus.Active,
            SponsorId = ben.Id,
        };
        var at = BenchProgram.Now;
        var sale = ConversionFacts.Sale(new ConversionId("order-1001"), at, Money.Of(123.45m, "EUR"));
        var volume = new PrefetchedVolume();
        foreach (var window in PricingEngine.VolumeWindowsFor(BenchProgram.Plan, at, DateTimeZone.Utc))
        {
            volume.Add(window, new VolumeTotals(24, 2400m));
        }

        _request = new PricingRequest
        {
            Plan = BenchProgram.Plan,
            Conversion = sale,
            Seller = cleo,
            Uplines = [ben, anna],
            Volume = volume,
            TimeZone = DateTimeZone.Utc,
        };
        _sale = new HandPricing.Sale(123.45m, EarlierSalesThisMonth: 24, Uplines: 2);

        // Both must compute the same numbers, or the ratio compares different work.
        var engine = PricingEngine.Price(_request);
        var hand = HandPricing.Price(_sale);
        var lines = engine.Lines.ToDictionary(l => l.Level, l => l.Amount.Amount);
        if (
            !engine.Succeeded
            || lines.Count != 3
            || lines[1] != hand.Seller
            || lines[2] != hand.Sponsor
            || lines[3] != hand.SponsorsSponsor
        )
        {
            var priced = string.Join(", ", engine.Lines.Select(l => $"L{l.Level} {l.Amount}"));
            throw new InvalidOperationException(
                $"The engine and the hand-written pricing disagree: engine {priced}, hand {hand}."
            );
        }
    }

    /// <summary>The hand-written function.</summary>
    [Benchmark(Baseline = true)]
    public HandPricing.Amounts HandWritten() => HandPricing.Price(_sale);

    /// <summary>The pricing engine, explanations included.</summary>
    [Benchmark]
    public PricingResult Engine() => PricingEngine.Price(_request);
}
