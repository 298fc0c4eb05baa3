namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// Regression found by the model-based property: a refund whose proportional share of a commission is an exact
/// midpoint must round it away from zero (the default rule), as the model does.
/// </summary>
public sealed class RefundMidpointTests
{
    [Fact]
    public async Task A_99_percent_refund_takes_back_the_exact_midpoint_share_rounded_away_from_zero()
    {
        await using var host = await ModelHost.SqliteAsync();
        var sale = await host.RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r =>
            r.RecordAsync(
                new ConversionRequest
                {
                    Facts = ConversionFacts.Sale(new ConversionId("order-1"), host.Clock.Now, Money.Of(485.50m, "EUR")),
                    ReferralCode = ModelProgram.Code(0),
                }
            )
        );
        Assert.Equal(48.55m, Assert.Single(sale.GetValueOrThrow().Lines).Amount.Amount);

        // 48.55 x 480.65 / 485.50 = 48.065 exactly: 48.07 is taken back, 0.48 stays.
        var refund = await host.RunAsync<ConversionRecorder, AffiliateResult<RefundOutcome>>(r =>
            r.RefundAsync(
                new RefundRequest
                {
                    ConversionId = new ConversionId("order-1"),
                    RefundId = "refund-1",
                    Amount = Money.Of(480.65m, "EUR"),
                }
            )
        );
        Assert.Equal(-48.07m, Assert.Single(refund.GetValueOrThrow().NewLines).Amount.Amount);
        var balance = await host.RunAsync<CommissionLedger, IReadOnlyList<PartnerBalance>>(l =>
            l.BalancesAsync(new PartnerId(ModelProgram.Partners[0]))
        );
        Assert.Equal(0.48m, Assert.Single(balance).Pending.Amount);
    }
}
