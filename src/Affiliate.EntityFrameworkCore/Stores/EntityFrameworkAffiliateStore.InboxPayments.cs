using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.RowMapper;

namespace Affiliate.EntityFrameworkCore;

// The vendors' payments the webhook inbox remembers (schema 12): found by primary key, a subscription's history read
// from its index range.
public sealed partial class EntityFrameworkAffiliateStore
{
    /// <inheritdoc />
    public async ValueTask<StoreWriteResult> AddInboxPaymentAsync(
        string source,
        InboxPayment payment,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(payment);
        var provider = AffiliateSchema.ProviderOf(context);
        var table = AffiliateSchema.Table(AffiliateModelOptions.Of(context), provider, "webhook_payments");
        // One statement on both providers: two instances remembering the same payment at once never fail on the key,
        // and the first one's row stays.
        var sql =
            "INSERT INTO "
            + table
            + " (source, payment_id, subscription_id, paid_at, total_minor, currency, currency_digits)"
            + " VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}) ON CONFLICT (source, payment_id) DO NOTHING";
        var total = payment.Total;
        // EF gives a null parameter value the provider's default mapping, which both providers write as NULL.
        object?[] values =
        [
            source,
            payment.PaymentId,
            payment.SubscriptionId,
            Ticks(payment.PaidAt),
            total is { } money ? Minor(money) : null,
            total?.Currency.Code,
            total?.Currency.MinorUnits,
        ];
        var written = await context.Database.ExecuteSqlRawAsync(sql, values!, cancellationToken).ConfigureAwait(false);
        return written == 1
            ? StoreWriteResult.Written
            : StoreWriteResult.Duplicate($"inbox payment {source}/{payment.PaymentId}");
    }

    /// <inheritdoc />
    public async ValueTask<InboxPayment?> FindInboxPaymentAsync(
        string source,
        string paymentId,
        CancellationToken cancellationToken
    )
    {
        var row = await Set<InboxPaymentRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(p => p.Source == source && p.PaymentId == paymentId, cancellationToken)
            .ConfigureAwait(false);
        return row is null
            ? null
            : new InboxPayment
            {
                PaymentId = row.PaymentId,
                SubscriptionId = row.SubscriptionId,
                PaidAt = Instant(row.PaidAt),
                Total = row is { TotalMinor: { } minor, Currency: { } code, CurrencyDigits: { } digits }
                    ? Money(minor, code, digits)
                    : null,
            };
    }

    /// <inheritdoc />
    public async ValueTask<SubscriptionHistory> FindSubscriptionHistoryAsync(
        string source,
        string subscriptionId,
        InboxPayment payment,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(payment);
        var paidAt = Ticks(payment.PaidAt);
        var paymentId = payment.PaymentId;
        var payments = Set<InboxPaymentRow>()
            .AsNoTracking()
            .Where(p => p.Source == source && p.SubscriptionId == subscriptionId);
        // string.Compare is what EF translates to the database's own order, which is ordinal on both providers (the
        // id columns are COLLATE "C" on PostgreSQL; SQLite compares text as bytes).
#pragma warning disable CA1309
        var before = await payments
            .CountAsync(
                p => p.PaidAt < paidAt || (p.PaidAt == paidAt && string.Compare(p.PaymentId, paymentId) < 0),
                cancellationToken
            )
            .ConfigureAwait(false);
#pragma warning restore CA1309
        var first = await payments.MinAsync(p => (long?)p.PaidAt, cancellationToken).ConfigureAwait(false);
        return new SubscriptionHistory(before, Instant(Math.Min(first ?? paidAt, paidAt)));
    }
}
