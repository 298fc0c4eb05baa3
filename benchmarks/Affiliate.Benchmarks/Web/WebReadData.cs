using System.Globalization;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Benchmarks.Web;

/// <summary>
/// The data the web reads run on: <see cref="PartnerCount"/> partners registered through the library, then, per size,
/// that many partners' links, webhook inbox events and outbox events written set-based (one <c>INSERT ... SELECT</c>
/// over a recursive counter per table), so seeding takes seconds at 100,000 rows on SQLite.
/// </summary>
/// <remarks>
/// Row <c>n</c> (1 to the size) of each table is built from <c>n</c> alone, so the benchmarks know which rows exist
/// without reading them back:
/// <list type="bullet">
/// <item>link <c>l{n}</c> belongs to partner 0 (the measured list: every tenth link, so its list grows with the size)
/// or else to partner <c>1 + n % 999</c>;</item>
/// <item>inbox event <c>stripe/evt_{n}</c> is processed, except every 33rd (3 %), which is a refund waiting for
/// order <c>order-{n / 66}</c> (two refunds an order);</item>
/// <item>payment <c>stripe/in_{n}</c>, paid a minute after payment <c>n - 1</c>, belongs to subscription
/// <c>sub_{n / 12}</c> (a year of monthly payments each);</item>
/// <item>outbox event <c>n</c> is delivered, except <see cref="PendingOutbox"/> of them spread over the table, and the
/// partners' registration events before them are delivered too.</item>
/// </list>
/// </remarks>
public static class WebReadData
{
    /// <summary>Partners the links are spread over.</summary>
    public const int PartnerCount = 1_000;

    /// <summary>Undelivered outbox events (at most; fewer when the size is smaller).</summary>
    public const int PendingOutbox = 5;

    /// <summary>Every how many inbox events one is a waiting refund.</summary>
    public const int WaitingEvery = 33;

    /// <summary>Payments per seeded subscription.</summary>
    public const int PaymentsPerSubscription = 12;

    /// <summary>The source of the seeded inbox events.</summary>
    public const string Source = "stripe";

    private const long TicksPerMinute = 600_000_000;

    /// <summary>Partners only (the same at every size).</summary>
    public static Template Partners() => new("web-partners", PartnerCount, RegisterPartnersAsync);

    /// <summary><paramref name="rows"/> links, inbox events and outbox events over <see cref="Partners"/>.</summary>
    public static Template Rows(int rows) =>
        new("web-reads", rows, host => SeedRowsAsync(host, rows)) { Base = Partners() };

    /// <summary>Partner number <paramref name="index"/> of this data set.</summary>
    public static PartnerId Partner(int index) => new(string.Create(CultureInfo.InvariantCulture, $"web-p-{index}"));

    /// <summary>Partner number <paramref name="index"/>'s referral code.</summary>
    public static string Code(int index) => string.Create(CultureInfo.InvariantCulture, $"W{index:D4}REF");

    /// <summary>The partner owning link <c>l{n}</c>.</summary>
    public static int PartnerOfLink(long n) => n % 10 == 0 ? 0 : 1 + (int)(n % 999);

    /// <summary>The id of link <paramref name="n"/>.</summary>
    public static string LinkId(long n) => string.Create(CultureInfo.InvariantCulture, $"l{n}");

    /// <summary>The id of inbox event <paramref name="n"/>.</summary>
    public static string EventId(long n) => string.Create(CultureInfo.InvariantCulture, $"evt_{n}");

    /// <summary>The order a waiting inbox event <paramref name="n"/> (a multiple of <see cref="WaitingEvery"/>) waits
    /// for.</summary>
    public static string WaitingOrder(long n) =>
        string.Create(CultureInfo.InvariantCulture, $"order-{n / (2 * WaitingEvery)}");

    /// <summary>Payment <paramref name="n"/> as the inbox remembers it.</summary>
    public static InboxPayment Payment(long n) =>
        new()
        {
            PaymentId = string.Create(CultureInfo.InvariantCulture, $"in_{n}"),
            SubscriptionId = Subscription(n),
            PaidAt = Instant.FromUnixTimeTicks(PaidAtTicks(n)),
        };

    /// <summary>How many payments of its subscription came before payment <paramref name="n"/> (the older ones: those
    /// of the same subscription with a higher n, up to the size <paramref name="rows"/>).</summary>
    public static int PaymentsBefore(long n, int rows) =>
        (int)(
            Math.Min(((n / PaymentsPerSubscription) * PaymentsPerSubscription) + PaymentsPerSubscription - 1, rows) - n
        );

    /// <summary>The subscription of payment <paramref name="n"/>.</summary>
    public static string Subscription(long n) =>
        string.Create(CultureInfo.InvariantCulture, $"sub_{n / PaymentsPerSubscription}");

    private static long PaidAtTicks(long n) => RowTicks(BenchProgram.Now) - (n * TicksPerMinute);

    private static async Task RegisterPartnersAsync(BenchHost host)
    {
        await host.InScopeAsync(async services =>
        {
            // One transaction for all (each registration a savepoint in it): one sync to disk instead of 1,000.
            var context = services.GetRequiredService<AffiliateDbContext>();
            var directory = services.GetRequiredService<PartnerDirectory>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            for (var i = 0; i < PartnerCount; i++)
            {
                var result = await directory.RegisterAsync(
                    new PartnerApplication
                    {
                        Id = Partner(i),
                        Name = string.Create(CultureInfo.InvariantCulture, $"Web partner {i}"),
                        Email = string.Create(CultureInfo.InvariantCulture, $"web{i}@partners.example"),
                        ReferralCodes = [Code(i)],
                        AutoApprove = true,
                    }
                );
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Registering web partner {i} failed: {result}");
                }
            }

            await transaction.CommitAsync();
            return PartnerCount;
        });
    }

    private static async Task SeedRowsAsync(BenchHost host, int rows)
    {
        var postgres = host.Database.Provider == Provider.PostgreSql;
        var now = RowTicks(BenchProgram.Now);
        var active = postgres ? "TRUE" : "1";
        var body = postgres ? "'\\x7b7d'::bytea" : "X'7B7D'"; // "{}": the dedup read never parses it
        var n = postgres ? "CAST(n AS bigint)" : "n";
        var every = Math.Max(1, rows / PendingOutbox);
        var counter = string.Create(
            CultureInfo.InvariantCulture,
            $"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {rows}) "
        );
        var links = Table("partner_links");
        var inbox = Table("webhook_inbox");
        var payments = Table("webhook_payments");
        var outbox = Table("outbox");
        string[] statements =
        [
            // Links: created a minute apart, newest last, so partner 0's first page is its most recent 50.
            counter
                + $"INSERT INTO {links} (id, partner_id, destination, sub1, name, created_at, active) "
                + "SELECT 'l' || n, 'web-p-' || CASE WHEN n % 10 = 0 THEN 0 ELSE 1 + n % 999 END, "
                + "'https://shop.example/p/' || n, 'campaign', 'Link ' || n, "
                + Invariant($"{now} - ({rows} - {n}) * {TicksPerMinute}, {active} FROM s"),
            counter
                + $"INSERT INTO {inbox} (source, event_id, topic, received_at, body, state, attempts, last_error, "
                + "waiting_for, processed_at, version) "
                + Invariant($"SELECT '{Source}', 'evt_' || n, 'charge.refunded', {now} - ({rows} - {n}) * ")
                + Invariant($"{TicksPerMinute}, {body}, CASE WHEN n % {WaitingEvery} = 0 THEN 2 ELSE 1 END, 1, ")
                + Invariant($"CASE WHEN n % {WaitingEvery} = 0 THEN 'waiting' END, CASE WHEN n % {WaitingEvery} ")
                + Invariant($"= 0 THEN 'order-' || (n / {2 * WaitingEvery}) END, CASE WHEN n % {WaitingEvery} ")
                + Invariant($"<> 0 THEN {now} - ({rows} - {n}) * {TicksPerMinute} END, 2 FROM s"),
            // Payments: n is paid n minutes before now, so a subscription's payments were made from its highest n.
            counter
                + $"INSERT INTO {payments} (source, payment_id, subscription_id, paid_at) "
                + Invariant($"SELECT '{Source}', 'in_' || n, 'sub_' || ({n} / {PaymentsPerSubscription}), ")
                + Invariant($"{now} - {n} * {TicksPerMinute} FROM s"),
            // The registrations' events were delivered long ago.
            Invariant($"UPDATE {outbox} SET dispatched_at = {now - (rows + 1) * TicksPerMinute}, attempts = 1"),
            // Copies of a registration event (the payload must deserialize), delivered but for a few.
            counter
                + $"INSERT INTO {outbox} (event_id, type, program_id, occurred_at, payload, dispatched_at, attempts, "
                + "next_attempt_at) "
                + Invariant($"SELECT 'web-' || n, o.type, o.program_id, {now} - ({rows} - {n}) * {TicksPerMinute}, ")
                + Invariant($"o.payload, CASE WHEN n % {every} = 0 THEN NULL ELSE {now} - ({rows} - {n}) * ")
                + Invariant($"{TicksPerMinute} END, CASE WHEN n % {every} = 0 THEN 0 ELSE 1 END, 0 FROM s, ")
                + $"(SELECT type, program_id, payload FROM {outbox} ORDER BY sequence LIMIT 1) o",
        ];
        await host.InScopeAsync(async services =>
        {
            var context = services.GetRequiredService<AffiliateDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            var connection = context.Database.GetDbConnection();
            foreach (var sql in statements)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction.GetDbTransaction();
                command.CommandText = sql;
                command.CommandTimeout = 600;
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            return rows;
        });
        var copied = await host.Database.ScalarAsync($"SELECT COUNT(*) FROM {outbox} WHERE event_id LIKE 'web-%'");
        if (copied != rows)
        {
            throw new InvalidOperationException(
                $"Seeding the outbox wrote {copied} events of {rows}: registering partners wrote no event to copy."
            );
        }
    }

    private static string Table(string name) => BenchDatabase.Table(name);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static long RowTicks(Instant instant) => instant.ToUnixTimeTicks();
}
