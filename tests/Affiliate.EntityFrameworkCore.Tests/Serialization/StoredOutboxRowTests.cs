using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;

namespace Affiliate.EntityFrameworkCore.Tests.Serialization;

/// <summary>
/// Outbox rows as the EF package wrote them before the event names moved onto <see cref="AffiliateEvent"/>'s
/// <c>[JsonDerivedType]</c> attributes (payloads captured from that code): the outbox reads them back unchanged.
/// </summary>
public sealed class StoredOutboxRowTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 6, 1, 12, 0, 0) + Duration.FromNanoseconds(123_456_789);
    private static readonly ProgramId Program = new("prg-main");

    [Fact]
    public async Task Rows_written_before_the_attributes_come_out_of_the_outbox_as_the_same_events()
    {
        await using var database = await TestDatabase.SqliteAsync();
        await using (var context = database.NewContext())
        {
            context
                .Set<OutboxRow>()
                .AddRange(
                    Row(
                        "01970000-0000-7000-8000-000000000004",
                        "conversion.recorded",
                        """
                        {"conversionId":"order-1","status":"attributed","partners":["anna","ben"],
                        "amount":{"amount":"120.50","currency":"EUR"},"eventId":"01970000-0000-7000-8000-000000000004",
                        "occurredAt":"2026-06-01T12:00:00.123456789Z","programId":"prg-main"}
                        """
                    ),
                    Row(
                        "01970000-0000-7000-8000-00000000000a",
                        "payout.created",
                        """
                        {"payoutId":"pay_1","partnerId":"anna","amount":{"amount":"250","currency":{"code":"PTS",
                        "minorUnits":0}},"lineCount":7,"eventId":"01970000-0000-7000-8000-00000000000a",
                        "occurredAt":"2026-06-01T12:00:00.123456789Z","programId":"prg-main"}
                        """
                    ),
                    Row(
                        "01970000-0000-7000-8000-000000000010",
                        "partner.sponsor_changed",
                        """
                        {"partnerId":"anna","from":"ben","to":null,"reason":null,
                        "eventId":"01970000-0000-7000-8000-000000000010","occurredAt":"2026-06-01T12:00:00.123456789Z",
                        "programId":"prg-main"}
                        """
                    )
                );
            await context.SaveChangesAsync();
        }

        IOutboxStore outbox = new EntityFrameworkAffiliateStore(database.NewContext());
        var events = await outbox.PendingAsync(10, CancellationToken.None);

        Assert.Equal(3, events.Count);
        var recorded = Assert.IsType<ConversionRecorded>(events[0]);
        Assert.Equal(["anna", "ben"], recorded.Partners.Select(p => p.Value));
        Assert.Equal(
            new ConversionRecorded(
                new ConversionId("order-1"),
                ConversionStatus.Attributed,
                recorded.Partners,
                Money.Of(120.50m, "EUR")
            )
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000004"),
                OccurredAt = At,
                ProgramId = Program,
            },
            recorded
        );
        Assert.Equal(
            new PayoutCreated(
                new PayoutId("pay_1"),
                new PartnerId("anna"),
                new Money(250m, Currency.Create("PTS", 0)),
                7
            )
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000a"),
                OccurredAt = At,
                ProgramId = Program,
            },
            events[1]
        );
        Assert.Equal(
            new PartnerSponsorChanged(new PartnerId("anna"), new PartnerId("ben"), null, null)
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000010"),
                OccurredAt = At,
                ProgramId = Program,
            },
            events[2]
        );
    }

    /// <summary>A pending row; the payload is spread over short lines (the JSON has no line breaks).</summary>
    private static OutboxRow Row(string eventId, string type, string payload) =>
        new()
        {
            EventId = eventId,
            Type = type,
            ProgramId = Program.Value,
            OccurredAt = At.ToUnixTimeTicks(),
            Payload = payload.ReplaceLineEndings(string.Empty),
            NextAttemptAt = At.ToUnixTimeTicks(),
        };
}
