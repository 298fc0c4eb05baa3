using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate.Tests.Serialization;

public sealed class EventJsonTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 6, 1, 12, 0, 0) + Duration.FromNanoseconds(123_456_789);
    private static readonly ProgramId Program = new("prg-main");
    private static readonly PartnerId Anna = new("anna");

    /// <summary>One event of every type, each with a fixed id.</summary>
    private static IReadOnlyList<AffiliateEvent> SampleEvents() =>
        [
            new PartnerRegistered(Anna, PartnerStatus.Pending)
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000001"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PartnerStatusChanged(Anna, PartnerStatus.Pending, PartnerStatus.Active, "approved by ops")
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000002"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PartnerStatusChanged(Anna, PartnerStatus.Active, PartnerStatus.Suspended, null)
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000003"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new ConversionRecorded(
                new ConversionId("order-1"),
                ConversionStatus.Attributed,
                [Anna, new PartnerId("ben")],
                Money.Of(120.50m, "EUR")
            )
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000004"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new ConversionRecorded(
                new ConversionId("order-2"),
                ConversionStatus.NotAttributed,
                [],
                Money.Of(1500m, "JPY")
            )
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000005"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new RefundRecorded(
                new ConversionId("order-1"),
                "refund-1",
                RefundKind.Chargeback,
                Money.Of(-20.000m, "BHD")
            )
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000006"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new CommissionLineCreated(
                new CommissionLineId("cml_1"),
                Anna,
                LedgerEntryKind.Upline,
                Money.Of(12.05m, "EUR"),
                CommissionState.Pending
            )
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000007"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new CommissionLineStateChanged(
                new CommissionLineId("cml_1"),
                Anna,
                CommissionState.Pending,
                CommissionState.Approved,
                null
            )
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000008"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new CommissionsApproved(Anna, 3, Money.Of(12.5m, "EUR"))
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000108"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new ConversionReviewed(new ConversionId("order-1"), false, "ops@shop", "stolen card")
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000d"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new CustomerBound(new CustomerId("cus_1"), Anna)
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000009"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PayoutCreated(new PayoutId("pay_1"), Anna, new Money(250m, Currency.Create("PTS", 0)), 7)
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000a"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PayoutPaid(new PayoutId("pay_1"), Anna, Money.Of(99.90m, "EUR"), "bank-ref-77")
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000b"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PayoutFailed(new PayoutId("pay_1"), Anna, Money.Of(99.90m, "EUR"), "IBAN rejected")
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000c"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PlanVersionScheduled(new PlanId("standard"), 2, At + Duration.FromDays(30), 3)
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000d"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PartnerUpdated(Anna, ["Name", "PayoutThreshold"])
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000e"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PartnerSponsorChanged(Anna, null, new PartnerId("ben"), "moved team")
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-00000000000f"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PartnerSponsorChanged(Anna, new PartnerId("ben"), null, null)
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000010"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PartnerTierChanged(Anna, new PartnerTier("Silver"), null, ["3 conversions, below 5"])
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000011"),
                OccurredAt = At,
                ProgramId = Program,
            },
            new PartnerErased(Anna, "request 42")
            {
                EventId = Guid.Parse("01970000-0000-7000-8000-000000000012"),
                OccurredAt = At,
                ProgramId = Program,
            },
        ];

    public static TheoryData<int> EventIndexes => new(Enumerable.Range(0, SampleEvents().Count));

    /// <summary>
    /// Compares two events; <see cref="ConversionRecorded.Partners"/> is a list, which records compare by reference.
    /// </summary>
    private static void AssertSameEvent(AffiliateEvent expected, AffiliateEvent actual)
    {
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(
            (expected.EventId, expected.OccurredAt, expected.ProgramId, expected.Type),
            (actual.EventId, actual.OccurredAt, actual.ProgramId, actual.Type)
        );
        if (expected is ConversionRecorded recorded)
        {
            var copy = (ConversionRecorded)actual;
            Assert.Equal(recorded.Partners, copy.Partners);
            actual = copy with { Partners = recorded.Partners };
        }

        if (expected is PartnerUpdated updated)
        {
            var copy = (PartnerUpdated)actual;
            Assert.Equal(updated.Changed, copy.Changed);
            actual = copy with { Changed = updated.Changed };
        }

        if (expected is PartnerTierChanged tierChanged)
        {
            var copy = (PartnerTierChanged)actual;
            Assert.Equal(tierChanged.Reasons, copy.Reasons);
            actual = copy with { Reasons = tierChanged.Reasons };
        }

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(EventIndexes))]
    public void Every_event_round_trips_through_the_outbox_form(int index)
    {
        var original = SampleEvents()[index];

        var json = AffiliateJson.SerializeEvent(original);
        var copy = AffiliateJson.DeserializeEvent(original.Type, json);

        AssertSameEvent(original, copy);
        Assert.Equal(json, AffiliateJson.SerializeEvent(copy));
        Assert.DoesNotContain("\"type\"", json, StringComparison.Ordinal);
        Assert.Contains("\"eventId\":\"" + original.EventId.ToString("D"), json, StringComparison.Ordinal);
        Assert.Contains("\"occurredAt\":\"2026-06-01T12:00:00.123456789Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"programId\":\"prg-main\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EventIndexes))]
    public void Every_event_declared_as_the_base_type_carries_its_type_name(int index)
    {
        var original = SampleEvents()[index];

        var json = AffiliateJson.Serialize(original);
        var copy = AffiliateJson.Deserialize<AffiliateEvent>(json);

        Assert.StartsWith($"{{\"type\":\"{original.Type}\",", json, StringComparison.Ordinal);
        AssertSameEvent(original, copy);

        // The outbox reader accepts this form as well: the name in the JSON is skipped, the column decides.
        AssertSameEvent(original, AffiliateJson.DeserializeEvent(original.Type, json));
    }

    [Fact]
    public void The_outbox_form_of_an_event_is_its_plain_properties()
    {
        var json = AffiliateJson.SerializeEvent(SampleEvents()[5]);

        Assert.Equal(
            """{"conversionId":"order-1","refundId":"refund-1","kind":"chargeback","amount":{"amount":"-20.000","c"""
                + """urrency":"BHD"},"eventId":"01970000-0000-7000-8000-000000000006","occurredAt":"2026-06-01T12:"""
                + """00:00.123456789Z","programId":"prg-main"}""",
            json
        );
    }

    [Fact]
    public void A_list_of_events_round_trips_with_their_types()
    {
        var events = SampleEvents();

        var copy = Json.RoundTrip(events);

        Assert.Equal(events.Count, copy.Count);
        foreach (var (expected, actual) in events.Zip(copy))
        {
            AssertSameEvent(expected, actual);
        }
    }

    [Fact]
    public void The_type_name_may_come_last_as_jsonb_may_store_it()
    {
        var json =
            """{"partnerId":"anna","status":"active","eventId":"01970000-0000-7000-8000-000000000001","occurredA"""
            + """t":"2026-06-01T12:00:00Z","programId":"p","type":"partner.registered"}""";

        var registered = Assert.IsType<PartnerRegistered>(AffiliateJson.Deserialize<AffiliateEvent>(json));

        Assert.Equal((Anna, PartnerStatus.Active), (registered.PartnerId, registered.Status));
    }

    [Fact]
    public void An_unknown_event_type_is_a_clear_error()
    {
        var error = Assert.Throws<NotSupportedException>(() =>
            AffiliateJson.DeserializeEvent("partner.deleted", """{"partnerId":"anna"}""")
        );

        Assert.Contains("'partner.deleted'", error.Message, StringComparison.Ordinal);
        Assert.Contains("partner.registered", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => AffiliateJson.DeserializeEvent("Partner.Registered", "{}"));
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<AffiliateEvent>("""{"type":"partner.deleted","partnerId":"anna"}""")
        );
    }

    [Fact]
    public void An_event_missing_its_required_members_is_refused()
    {
        Assert.Throws<JsonException>(() =>
            AffiliateJson.DeserializeEvent(
                "customer.bound",
                """{"customerId":"c","partnerId":"anna","programId":"p"}"""
            )
        );
        Assert.Throws<JsonException>(() =>
            AffiliateJson.DeserializeEvent(
                "customer.bound",
                """{"customerId":"c","partnerId":"anna","occurredAt":"2026-06-01T12:00:00Z"}"""
            )
        );
        Assert.Throws<JsonException>(() =>
            AffiliateJson.DeserializeEvent(
                "customer.bound",
                """{"partnerId":"anna","programId":"p","occurredAt":"2026-06-01T12:00:00Z"}"""
            )
        );
        Assert.Throws<JsonException>(() => AffiliateJson.DeserializeEvent("payout.paid", "null"));
        Assert.Throws<JsonException>(() => AffiliateJson.DeserializeEvent("payout.paid", "{"));
    }

    [Fact]
    public void An_event_type_without_a_json_derived_type_cannot_be_written()
    {
        var custom = new HostDefinedEvent { OccurredAt = At, ProgramId = Program };

        var error = Assert.Throws<NotSupportedException>(() => AffiliateJson.SerializeEvent(custom));
        Assert.Contains("host.defined", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => AffiliateJson.Serialize<AffiliateEvent>(custom));
    }

    [Fact]
    public void Every_concrete_event_of_affiliate_core_has_a_json_derived_type_named_after_its_type()
    {
        var concrete = typeof(AffiliateEvent)
            .Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(AffiliateEvent)) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var declared = typeof(AffiliateEvent)
            .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
            .Cast<JsonDerivedTypeAttribute>()
            .ToList();

        Assert.NotEmpty(concrete);
        Assert.Equal(concrete, declared.Select(a => a.DerivedType).OrderBy(t => t.Name, StringComparer.Ordinal));
        var names = declared.Select(a => Assert.IsType<string>(a.TypeDiscriminator)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(declared, a =>
        {
            // Type is a constant per record, so an instance without constructor state tells it.
            var instance = (AffiliateEvent)RuntimeHelpers.GetUninitializedObject(a.DerivedType);
            Assert.Equal(instance.Type, a.TypeDiscriminator);
        });
        Assert.Equal(
            declared.ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType),
            AffiliateJson.EventTypes.ToDictionary(p => p.Key, p => p.Value)
        );
        Assert.Equal(
            concrete,
            SampleEvents().Select(e => e.GetType()).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal)
        );
    }

    /// <summary>
    /// Outbox payloads as the code wrote them before the event names moved onto <see cref="AffiliateEvent"/>
    /// (captured from that code, index into <see cref="SampleEvents"/> first): rows already stored must read back
    /// as the same records, and a new row must be written byte for byte the same.
    /// </summary>
    public static TheoryData<int, string, string> StoredPayloads =>
        new()
        {
            {
                0,
                "partner.registered",
                Stored(
                    """
                    {"partnerId":"anna","status":"pending","eventId":"01970000-0000-7000-8000-000000000001",
                    "occurredAt":"2026-06-01T12:00:00.123456789Z","programId":"prg-main"}
                    """
                )
            },
            {
                3,
                "conversion.recorded",
                Stored(
                    """
                    {"conversionId":"order-1","status":"attributed","partners":["anna","ben"],
                    "amount":{"amount":"120.50","currency":"EUR"},"eventId":"01970000-0000-7000-8000-000000000004",
                    "occurredAt":"2026-06-01T12:00:00.123456789Z","programId":"prg-main"}
                    """
                )
            },
            {
                7,
                "commission.state_changed",
                Stored(
                    """
                    {"lineId":"cml_1","partnerId":"anna","from":"pending","to":"approved","reason":null,
                    "eventId":"01970000-0000-7000-8000-000000000008","occurredAt":"2026-06-01T12:00:00.123456789Z",
                    "programId":"prg-main"}
                    """
                )
            },
            {
                11,
                "payout.created",
                Stored(
                    """
                    {"payoutId":"pay_1","partnerId":"anna","amount":{"amount":"250","currency":{"code":"PTS",
                    "minorUnits":0}},"lineCount":7,"eventId":"01970000-0000-7000-8000-00000000000a",
                    "occurredAt":"2026-06-01T12:00:00.123456789Z","programId":"prg-main"}
                    """
                )
            },
            {
                17,
                "partner.sponsor_changed",
                Stored(
                    """
                    {"partnerId":"anna","from":"ben","to":null,"reason":null,
                    "eventId":"01970000-0000-7000-8000-000000000010","occurredAt":"2026-06-01T12:00:00.123456789Z",
                    "programId":"prg-main"}
                    """
                )
            },
            {
                18,
                "partner.tier_changed",
                Stored(
                    """
                    {"partnerId":"anna","from":"Silver","to":null,"reasons":["3 conversions, below 5"],
                    "eventId":"01970000-0000-7000-8000-000000000011","occurredAt":"2026-06-01T12:00:00.123456789Z",
                    "programId":"prg-main"}
                    """
                )
            },
        };

    /// <summary>A payload spread over lines to keep them short; the JSON itself has no line breaks.</summary>
    private static string Stored(string lines) => lines.ReplaceLineEndings(string.Empty);

    [Theory]
    [MemberData(nameof(StoredPayloads))]
    public void Outbox_rows_stored_before_the_attributes_read_back_and_are_written_the_same(
        int index,
        string type,
        string payload
    )
    {
        var expected = SampleEvents()[index];

        var read = AffiliateJson.DeserializeEvent(type, payload);

        Assert.Equal(type, expected.Type);
        AssertSameEvent(expected, read);
        Assert.Equal(payload, AffiliateJson.SerializeEvent(expected));
    }

    private sealed record HostDefinedEvent : AffiliateEvent
    {
        public override string Type => "host.defined";
    }
}
