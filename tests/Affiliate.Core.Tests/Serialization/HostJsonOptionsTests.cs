using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate.Tests.Serialization;

/// <summary><see cref="AffiliateJson.Configure"/> on a host's own options, ASP.NET Core's web defaults.</summary>
public sealed class HostJsonOptionsTests
{
    private static readonly JsonSerializerOptions WebDefaults = new(JsonSerializerDefaults.Web);
    private static readonly Instant At = Instant.FromUtc(2026, 6, 1, 12, 0, 0) + Duration.FromNanoseconds(5);

    private static JsonSerializerOptions HostOptions() =>
        AffiliateJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static AffiliateEvent Paid() =>
        new PayoutPaid(new PayoutId("pay_1"), new PartnerId("anna"), Money.Of(99.90m, "EUR"), "bank-ref-77")
        {
            EventId = Guid.Parse("01970000-0000-7000-8000-00000000000b"),
            OccurredAt = At,
            ProgramId = new ProgramId("prg-main"),
        };

    [Fact]
    public void Configured_web_options_write_the_same_json_as_the_library_options()
    {
        var options = HostOptions();
        var plan = PlanJsonTests.RealisticPlan();
        var rate = CommissionRate.Flat(Money.Of(2.50m, "EUR"));

        Assert.Equal(AffiliateJson.Serialize(plan), JsonSerializer.Serialize(plan, options));
        Assert.Equal(AffiliateJson.Serialize(Paid()), JsonSerializer.Serialize(Paid(), options));
        Assert.Equal(
            AffiliateJson.Serialize<CommissionRate>(rate),
            JsonSerializer.Serialize<CommissionRate>(rate, options)
        );
        Assert.Equal("\"anna\"", JsonSerializer.Serialize(new PartnerId("anna"), options));
        Assert.Equal(
            """{"amount":"10.50","currency":"EUR"}""",
            JsonSerializer.Serialize(Money.Of(10.50m, "EUR"), options)
        );
        Assert.Equal("""{"code":"PTS","minorUnits":0}""", JsonSerializer.Serialize(Currency.Create("PTS", 0), options));
    }

    [Fact]
    public void Configured_web_options_read_plans_and_events_back()
    {
        var options = HostOptions();
        var plan = PlanJsonTests.RealisticPlan();

        var planCopy = JsonSerializer.Deserialize<CommissionPlan>(JsonSerializer.Serialize(plan, options), options);
        var eventCopy = JsonSerializer.Deserialize<AffiliateEvent>(JsonSerializer.Serialize(Paid(), options), options);

        Assert.Equal(AffiliateJson.Serialize(plan), AffiliateJson.Serialize(planCopy));
        Assert.Equal(Paid(), Assert.IsType<PayoutPaid>(eventCopy));
    }

    [Fact]
    public void Configured_options_read_affiliate_records_strictly()
    {
        var options = HostOptions();

        // A missing constructor member, an unknown event name, a malformed amount: JSON errors (a 400 in ASP.NET
        // Core), not a record with a hole in it nor an unexpected exception.
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<AffiliateEvent>(
                """{"type":"customer.bound","partnerId":"anna","programId":"p","occurredAt":"2026-06-01T12:00:00Z"}""",
                options
            )
        );
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<ExchangeRate>(
                """{"from":"USD","to":"EUR","rate":0.9,"asOf":"2026-06-01T16:00:00Z"}""",
                options
            )
        );
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<AffiliateEvent>("""{"type":"partner.deleted","partnerId":"anna"}""", options)
        );
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<Money>("""{"amount":"ten","currency":"EUR"}""", options)
        );
    }

    [Fact]
    public void The_host_keeps_its_own_form_for_its_own_types()
    {
        var options = AffiliateJson.Configure(
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } }
        );

        var json = JsonSerializer.Serialize(new HostOrder(HostColor.DeepRed, null, ConversionKind.Renewal), options);

        // The host's enum keeps the host's converter, its computed property stays, its nullable member takes null;
        // the affiliate enum inside it is still the affiliate's camelCase name.
        Assert.Equal("""{"color":"DeepRed","note":null,"kind":"renewal","label":"DeepRed order"}""", json);
        Assert.Equal(
            new HostOrder(HostColor.DeepRed, null, ConversionKind.Renewal),
            JsonSerializer.Deserialize<HostOrder>(json, options)
        );
    }

    [Fact]
    public void Configuring_twice_adds_nothing_and_read_only_options_are_refused()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        AffiliateJson.Configure(options);
        var converters = options.Converters.Count;
        var resolver = options.TypeInfoResolver;

        Assert.Same(options, AffiliateJson.Configure(options));
        Assert.Equal(converters, options.Converters.Count);
        Assert.Same(resolver, options.TypeInfoResolver);
        Assert.Same(AffiliateJson.Options, AffiliateJson.Configure(AffiliateJson.Options));

        var frozen = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        frozen.MakeReadOnly(populateMissingResolver: true);
        Assert.Throws<InvalidOperationException>(() => AffiliateJson.Configure(frozen));
    }

    [Fact]
    public void An_event_written_with_web_options_that_lack_the_contract_names_its_type_once()
    {
        // A webhook handler may serialize with the host's options before anyone calls Configure: the "type" name must
        // not collide with the Type property.
        var json = JsonSerializer.Serialize(Paid(), WebDefaults);

        Assert.StartsWith("""{"type":"payout.paid",""", json, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse(json).RootElement.EnumerateObject(), p => p.Name == "type");
    }

    public enum HostColor
    {
        Blue,
        DeepRed,
    }

    public sealed record HostOrder(HostColor Color, string? Note, ConversionKind Kind)
    {
        public string Label => $"{Color} order";
    }
}
