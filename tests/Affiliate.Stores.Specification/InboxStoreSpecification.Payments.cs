namespace Affiliate.Stores.Specification;

// The payments the inbox remembers: once per source and payment id, the total kept exactly, and a subscription's
// history counted in the order its payments were paid.
public abstract partial class InboxStoreSpecification
{
    private static InboxPayment Payment(string id, int minutes, string? subscription = "sub_1", Money? total = null) =>
        new()
        {
            PaymentId = id,
            SubscriptionId = subscription,
            PaidAt = SpecData.Precise(minutes),
            Total = total,
        };

    [Fact]
    public async Task A_payment_is_remembered_once_per_source_and_payment_id_with_its_total_exactly()
    {
        var inbox = Inbox(Stores);
        var total = Money.Of(112.10m, "EUR");

        var first = await inbox.AddInboxPaymentAsync("shopify", Payment("1001", 0, null, total), None);
        var again = await inbox.AddInboxPaymentAsync("shopify", Payment("1001", 9, null, Money.Of(1m, "EUR")), None);
        var otherSource = await inbox.AddInboxPaymentAsync("stripe", Payment("1001", 5), None);
        var yen = await inbox.AddInboxPaymentAsync("shopify", Payment("2002", 0, null, Money.Of(1250m, "JPY")), None);

        Assert.Equal(StoreWriteStatus.Written, first.Status);
        Assert.Equal(StoreWriteStatus.Duplicate, again.Status);
        Assert.Equal(StoreWriteStatus.Written, otherSource.Status);
        Assert.Equal(StoreWriteStatus.Written, yen.Status);
        Assert.Equal(Payment("1001", 0, null, total), await inbox.FindInboxPaymentAsync("shopify", "1001", None));
        Assert.Equal(Payment("1001", 5), await inbox.FindInboxPaymentAsync("stripe", "1001", None));
        Assert.Equal(Money.Of(1250m, "JPY"), (await inbox.FindInboxPaymentAsync("shopify", "2002", None))!.Total);
        Assert.Null(await inbox.FindInboxPaymentAsync("shopify", "3003", None));
    }

    [Fact]
    public async Task A_subscription_history_counts_the_payments_paid_before_one_and_finds_the_first()
    {
        var inbox = Inbox(Stores);
        // Delivered out of order; two paid at the same instant are ordered by payment id.
        foreach (var payment in new[] { Payment("in_3", 60), Payment("in_1", 0), Payment("in_2b", 30) })
        {
            await inbox.AddInboxPaymentAsync("stripe", payment, None);
        }

        await inbox.AddInboxPaymentAsync("stripe", Payment("in_x", -10, "sub_2"), None);
        await inbox.AddInboxPaymentAsync("shopify", Payment("in_y", -20), None);

        var first = await inbox.FindSubscriptionHistoryAsync("stripe", "sub_1", Payment("in_1", 0), None);
        var tie = await inbox.FindSubscriptionHistoryAsync("stripe", "sub_1", Payment("in_2a", 30), None);
        var after = await inbox.FindSubscriptionHistoryAsync("stripe", "sub_1", Payment("in_2c", 30), None);
        var last = await inbox.FindSubscriptionHistoryAsync("stripe", "sub_1", Payment("in_3", 60), None);
        var unknown = await inbox.FindSubscriptionHistoryAsync("stripe", "sub_9", Payment("in_9", 90), None);

        Assert.Equal(new SubscriptionHistory(0, SpecData.Precise(0)), first);
        Assert.Equal(new SubscriptionHistory(1, SpecData.Precise(0)), tie);
        Assert.Equal(new SubscriptionHistory(2, SpecData.Precise(0)), after);
        Assert.Equal(new SubscriptionHistory(2, SpecData.Precise(0)), last);
        Assert.Equal(new SubscriptionHistory(0, SpecData.Precise(90)), unknown);
    }
}
