using System.Text.Json;

namespace Affiliate.Tests.Serialization;

public sealed class ValueJsonTests
{
    private static readonly Currency Points = Currency.Create("PTS", 0);
    private static readonly Currency Bhd = Currency.FromCode("BHD");

    [Fact]
    public void Options_are_frozen_camel_case_and_compact()
    {
        Assert.True(AffiliateJson.Options.IsReadOnly);
        Assert.False(AffiliateJson.Options.WriteIndented);
        Assert.Throws<InvalidOperationException>(() => AffiliateJson.Options.WriteIndented = true);
        var json = AffiliateJson.Serialize(new SaleBasisOptions { IncludeShipping = true });
        Assert.Equal("""{"includeShipping":true,"includeTax":false}""", json);
    }

    // ---- NodaTime -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2026-06-01T12:00:00Z")]
    [InlineData("2026-06-01T12:00:00.1Z")]
    [InlineData("2026-06-01T12:00:00.123456789Z")]
    [InlineData("1969-12-31T23:59:59.999999999Z")]
    [InlineData("-9998-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999999Z")]
    public void Instants_are_iso_strings_with_every_nanosecond(string text)
    {
        var instant = NodaTime.Text.InstantPattern.ExtendedIso.Parse(text).Value;

        Assert.Equal($"\"{text}\"", AffiliateJson.Serialize(instant));
        Assert.Equal(instant, Json.RoundTrip(instant));
        Assert.Equal(instant, Json.RoundTrip<Instant?>(instant));
        Assert.Null(Json.RoundTrip<Instant?>(null));
    }

    [Fact]
    public void Instant_extremes_round_trip()
    {
        Assert.Equal(Instant.MinValue, Json.RoundTrip(Instant.MinValue));
        Assert.Equal(Instant.MaxValue, Json.RoundTrip(Instant.MaxValue));
        Assert.Equal(
            Instant.FromUnixTimeTicks(0) + Duration.FromNanoseconds(1),
            Json.RoundTrip(Instant.FromUnixTimeTicks(0) + Duration.FromNanoseconds(1))
        );
    }

    [Fact]
    public void Local_dates_are_iso_strings()
    {
        var dates = new[]
        {
            new LocalDate(2024, 2, 29),
            new LocalDate(1, 1, 1),
            new LocalDate(9999, 12, 31),
            new LocalDate(-44, 3, 15),
        };
        foreach (var date in dates)
        {
            Assert.Equal(date, Json.RoundTrip(date));
        }

        Assert.Equal("\"2024-02-29\"", AffiliateJson.Serialize(new LocalDate(2024, 2, 29)));
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Serialize(new LocalDate(2024, 2, 29).WithCalendar(CalendarSystem.Julian))
        );
    }

    [Fact]
    public void Durations_round_trip_to_the_nanosecond()
    {
        var durations = new[]
        {
            Duration.Zero,
            Duration.FromNanoseconds(1),
            Duration.FromNanoseconds(-1),
            Duration.FromDays(30),
            Duration.FromHours(-36) + Duration.FromNanoseconds(123),
            Duration.MaxValue,
            Duration.MinValue,
            Duration.Epsilon,
        };
        foreach (var duration in durations)
        {
            Assert.Equal(duration, Json.RoundTrip(duration));
        }

        Assert.Equal("\"30:00:00:00\"", AffiliateJson.Serialize(Duration.FromDays(30)));
        Assert.Equal("\"-0:00:00:01.5\"", AffiliateJson.Serialize(Duration.FromMilliseconds(-1500)));
    }

    [Fact]
    public void Time_zones_are_tzdb_ids()
    {
        var zones = new[]
        {
            DateTimeZoneProviders.Tzdb["Europe/Berlin"],
            DateTimeZoneProviders.Tzdb["America/New_York"],
            DateTimeZone.Utc,
            DateTimeZone.ForOffset(Offset.FromHoursAndMinutes(5, 30)),
        };
        foreach (var zone in zones)
        {
            Assert.Equal(zone.Id, Json.RoundTrip(zone).Id);
        }

        Assert.Equal("\"Europe/Berlin\"", AffiliateJson.Serialize(DateTimeZoneProviders.Tzdb["Europe/Berlin"]));
        Assert.Same(
            DateTimeZoneProviders.Tzdb["Europe/Berlin"],
            Json.RoundTrip(DateTimeZoneProviders.Tzdb["Europe/Berlin"])
        );
        var error = Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<DateTimeZone>("\"Mars/Olympus_Mons\"")
        );
        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_instants_and_durations_are_json_errors()
    {
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Instant>("\"2026-06-01 12:00\""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Instant>("1780000000"));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Duration>("\"an hour\""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<LocalDate>("\"2026-02-30\""));
    }

    // ---- Currency and money ---------------------------------------------------------------------------------

    [Fact]
    public void Iso_currencies_are_codes_and_declared_currencies_are_objects()
    {
        Assert.Equal("\"EUR\"", AffiliateJson.Serialize(Currency.EUR));
        Assert.Equal("\"JPY\"", AffiliateJson.Serialize(Currency.JPY));
        Assert.Equal("\"BHD\"", AffiliateJson.Serialize(Bhd));
        Assert.Equal("""{"code":"PTS","minorUnits":0}""", AffiliateJson.Serialize(Points));

        foreach (
            var currency in new[] { Currency.EUR, Currency.USD, Currency.JPY, Bhd, Points, Currency.Create("QQQ", 8) }
        )
        {
            var copy = Json.RoundTrip(currency);
            Assert.Equal(currency, copy);
            Assert.Equal((currency.Code, currency.MinorUnits), (copy.Code, copy.MinorUnits));
        }

        Assert.Equal(Currency.EUR, AffiliateJson.Deserialize<Currency>("\"eur\""));
        Assert.Equal(Currency.EUR, AffiliateJson.Deserialize<Currency>("""{"minorUnits":2,"code":"EUR"}"""));
        Assert.True(Json.RoundTrip(default(Currency)).IsDefault);
        Assert.Null(Json.RoundTrip<Currency?>(null));
    }

    [Fact]
    public void A_bare_code_is_never_a_guess()
    {
        var unknown = Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Currency>("\"PTS\""));
        Assert.Contains("PTS", unknown.Message, StringComparison.Ordinal);

        // An ISO code with digits other than the table's is contradictory, not a new currency.
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Currency>("""{"code":"EUR","minorUnits":3}"""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Currency>("""{"code":"PTS"}"""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Currency>("""{"code":"PTS!","minorUnits":0}"""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Currency>("978"));
    }

    public static TheoryData<decimal, string> Amounts =>
        new()
        {
            { 10.50m, "EUR" },
            { 10.5m, "EUR" },
            { 10.500m, "EUR" },
            { -10.50m, "EUR" },
            { 0m, "EUR" },
            { 0.00m, "EUR" },
            { 0.125m, "USD" },
            { 1500m, "JPY" },
            { -1500m, "JPY" },
            { 12.345m, "BHD" },
            { -0.001m, "BHD" },
            { 79228162514264337593543950335m, "USD" },
            { -79228162514264337593543950335m, "USD" },
            { 0.0000000000000000000000000001m, "USD" },
            { -7.9228162514264337593543950335m, "KWD" },
        };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Money_round_trips_exactly_with_its_scale(decimal amount, string currency)
    {
        var money = Money.Of(amount, currency);

        var copy = Json.RoundTrip(money);

        Assert.Equal(money, copy);
        Assert.Equal(amount.Scale, copy.Amount.Scale);
        Assert.Equal(
            amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            copy.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        Assert.Equal(money.Currency.MinorUnits, copy.Currency.MinorUnits);
    }

    [Fact]
    public void Money_is_an_amount_string_and_a_currency()
    {
        Assert.Equal("""{"amount":"10.50","currency":"EUR"}""", AffiliateJson.Serialize(Money.Of(10.50m, "EUR")));
        Assert.Equal("""{"amount":"-1500","currency":"JPY"}""", AffiliateJson.Serialize(Money.Of(-1500m, "JPY")));
        Assert.Equal(
            """{"amount":"-42","currency":{"code":"PTS","minorUnits":0}}""",
            AffiliateJson.Serialize(new Money(-42m, Points))
        );

        var points = Json.RoundTrip(new Money(-42m, Points));
        Assert.Equal(new Money(-42m, Points), points);
        Assert.Equal(0, points.Currency.MinorUnits);
    }

    [Fact]
    public void Money_reads_numbers_too_and_properties_in_any_order()
    {
        var fromNumber = AffiliateJson.Deserialize<Money>("""{"amount":10.50,"currency":"EUR"}""");
        Assert.Equal((10.50m, 2), (fromNumber.Amount, fromNumber.Amount.Scale));

        // PostgreSQL's jsonb stores keys in its own order.
        var reordered = AffiliateJson.Deserialize<Money>("""{"currency":"BHD","extra":[1,{"a":2}],"amount":"1.250"}""");
        Assert.Equal((1.250m, 3, Bhd), (reordered.Amount, reordered.Amount.Scale, reordered.Currency));
    }

    [Fact]
    public void Nullable_and_default_money_round_trip()
    {
        Assert.Null(Json.RoundTrip<Money?>(null));
        Assert.Equal(Money.Of(1m, "EUR"), Json.RoundTrip<Money?>(Money.Of(1m, "EUR")));
        Assert.Equal("null", AffiliateJson.Serialize(default(Money)));
        Assert.Equal(default, Json.RoundTrip(default(Money)));
    }

    [Theory]
    [InlineData("""{"amount":"10.50"}""")]
    [InlineData("""{"currency":"EUR"}""")]
    [InlineData("""{"amount":"1e3","currency":"EUR"}""")]
    [InlineData("""{"amount":"1,000.00","currency":"EUR"}""")]
    [InlineData("""{"amount":"ten","currency":"EUR"}""")]
    [InlineData("""{"amount":"79228162514264337593543950336","currency":"EUR"}""")]
    [InlineData("""{"amount":true,"currency":"EUR"}""")]
    [InlineData("""{"amount":"1.00","currency":"XXQ"}""")]
    [InlineData("\"10.50 EUR\"")]
    public void Malformed_money_is_a_json_error(string json) =>
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Money>(json));

    // ---- Ids and names --------------------------------------------------------------------------------------

    [Fact]
    public void Strongly_typed_ids_are_plain_strings()
    {
        Assert.Equal("\"ptr_1\"", AffiliateJson.Serialize(new PartnerId("ptr_1")));
        Assert.Equal(new PartnerId("ptr_1"), Json.RoundTrip(new PartnerId("ptr_1")));
        Assert.Equal(new ProgramId("prg 1"), Json.RoundTrip(new ProgramId("prg 1")));
        Assert.Equal(new PlanId("pln-é"), Json.RoundTrip(new PlanId("pln-é")));
        Assert.Equal(new ConversionId("order-1001"), Json.RoundTrip(new ConversionId("order-1001")));
        Assert.Equal(new ClickId("clk_\"quoted\""), Json.RoundTrip(new ClickId("clk_\"quoted\"")));
        Assert.Equal(new CommissionLineId("cml_1"), Json.RoundTrip(new CommissionLineId("cml_1")));
        Assert.Equal(new PayoutId("pay_1"), Json.RoundTrip(new PayoutId("pay_1")));
        Assert.Equal(new CustomerId("cus_1"), Json.RoundTrip(new CustomerId("cus_1")));

        var fresh = PartnerId.New();
        Assert.Equal(fresh, Json.RoundTrip(fresh));
        Assert.Null(Json.RoundTrip<PartnerId?>(null));
        Assert.Equal("\"ptr_1\"", AffiliateJson.Serialize<PartnerId?>(new PartnerId("ptr_1")));
        Assert.Equal(default, Json.RoundTrip(default(ConversionId)));
    }

    [Fact]
    public void Invalid_ids_are_json_errors()
    {
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<PartnerId>("\"\""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<PartnerId>("\"" + new string('x', 129) + "\""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<PartnerId>("42"));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<ReferralCode>("\"not a code!\""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<PartnerSegment>("\"  \""));
    }

    [Fact]
    public void Ids_can_be_dictionary_keys()
    {
        var balances = new Dictionary<PartnerId, Money>
        {
            [new PartnerId("anna")] = Money.Of(1.50m, "EUR"),
            [new PartnerId("ben")] = Money.Of(-2m, "EUR"),
        };

        var json = AffiliateJson.Serialize(balances);
        var copy = AffiliateJson.Deserialize<Dictionary<PartnerId, Money>>(json);

        Assert.Equal("""{"anna":{"amount":"1.50","currency":"EUR"},"ben":{"amount":"-2","currency":"EUR"}}""", json);
        Assert.Equal(balances, copy);
    }

    [Fact]
    public void Segments_tiers_and_referral_codes_are_strings()
    {
        Assert.Equal("\"content-creator\"", AffiliateJson.Serialize(PartnerSegment.ContentCreator));
        Assert.Equal("Podcasts", Json.RoundTrip(new PartnerSegment("Podcasts")).Name);
        Assert.Equal(PartnerSegment.Influencer, Json.RoundTrip(PartnerSegment.Influencer));
        Assert.Equal("Gold", Json.RoundTrip(new PartnerTier("Gold")).Name);
        Assert.Equal("\"Gold\"", AffiliateJson.Serialize(new PartnerTier("Gold")));

        var code = ReferralCode.Parse("Anna_10");
        var copy = Json.RoundTrip(code);
        Assert.Equal("\"Anna_10\"", AffiliateJson.Serialize(code));
        Assert.Equal((code.Value, code.Normalized), (copy.Value, copy.Normalized));

        IReadOnlyList<ReferralCode> codes = [ReferralCode.Parse("anna"), ReferralCode.Parse("ANNA-2")];
        Assert.Equal(codes, Json.RoundTrip(codes));
    }

    // ---- Rates, windows, milestones -------------------------------------------------------------------------

    [Fact]
    public void Commission_rates_are_tagged_by_kind()
    {
        Assert.Equal("""{"kind":"percent","value":12.50}""", AffiliateJson.Serialize(CommissionRate.Percent(12.50m)));
        Assert.Equal(
            """{"kind":"flat","amount":{"amount":"10.00","currency":"EUR"}}""",
            AffiliateJson.Serialize(CommissionRate.Flat(Money.Of(10.00m, "EUR")))
        );
        Assert.Equal(
            """{"kind":"flatPerItem","amount":{"amount":"5","currency":{"code":"PTS","minorUnits":0}}}""",
            AffiliateJson.Serialize(CommissionRate.FlatPerItem(new Money(5m, Points)))
        );

        CommissionRate[] rates =
        [
            CommissionRate.Percent(12.50m),
            CommissionRate.Percent(0m),
            CommissionRate.Percent(-1.5m),
            CommissionRate.Percent(0.0000001m),
            CommissionRate.Flat(Money.Of(10.00m, "EUR")),
            CommissionRate.Flat(Money.Of(1500m, "JPY")),
            CommissionRate.FlatPerItem(new Money(5m, Points)),
            CommissionRate.FlatPerItem(Money.Of(0.125m, "BHD")),
        ];
        foreach (var rate in rates)
        {
            var copy = Json.RoundTrip(rate);
            Assert.Equal(rate, copy);
            Assert.Equal(rate.GetType(), copy.GetType());
            Assert.Equal(rate.Describe(), copy.Describe());
        }

        Assert.Equal(2, ((PercentRate)Json.RoundTrip(CommissionRate.Percent(12.50m))).Value.Scale);
    }

    [Fact]
    public void A_rate_declared_as_its_kind_has_the_same_shape()
    {
        var percent = new PercentRate(7.5m);
        Assert.Equal("""{"kind":"percent","value":7.5}""", AffiliateJson.Serialize(percent));
        Assert.Equal(percent, Json.RoundTrip(percent));
        Assert.Equal(new FlatRate(Money.Of(3m, "EUR")), Json.RoundTrip(new FlatRate(Money.Of(3m, "EUR"))));
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<PercentRate>("""{"kind":"flat","amount":{"amount":"1","currency":"EUR"}}""")
        );
    }

    [Theory]
    [InlineData("""{"value":10}""")]
    [InlineData("""{"kind":"percent"}""")]
    [InlineData("""{"kind":"flat","value":10}""")]
    [InlineData("""{"kind":"bogus","value":10}""")]
    [InlineData("\"10%\"")]
    public void Malformed_rates_are_json_errors(string json)
    {
        var error = Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<CommissionRate>(json));
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void Rate_properties_may_come_in_any_order() =>
        Assert.Equal(
            CommissionRate.Flat(Money.Of(2m, "EUR")),
            AffiliateJson.Deserialize<CommissionRate>("""{"amount":{"currency":"EUR","amount":"2"},"kind":"flat"}""")
        );

    [Fact]
    public void Volume_windows_go_through_their_factories()
    {
        Assert.Equal("""{"kind":"calendarMonth","days":0}""", AffiliateJson.Serialize(VolumeWindow.CalendarMonth));
        Assert.Equal("""{"kind":"lifetime","days":0}""", AffiliateJson.Serialize(VolumeWindow.Lifetime));
        Assert.Equal("""{"kind":"rollingDays","days":30}""", AffiliateJson.Serialize(VolumeWindow.Rolling(30)));

        Assert.Same(VolumeWindow.CalendarMonth, Json.RoundTrip(VolumeWindow.CalendarMonth));
        Assert.Same(VolumeWindow.Lifetime, Json.RoundTrip(VolumeWindow.Lifetime));
        Assert.Equal(VolumeWindow.Rolling(30), Json.RoundTrip(VolumeWindow.Rolling(30)));
        Assert.Equal(
            VolumeWindow.Rolling(1),
            AffiliateJson.Deserialize<VolumeWindow>("""{"days":1,"kind":"rollingDays"}""")
        );
        Assert.Equal(VolumeWindow.Lifetime, AffiliateJson.Deserialize<VolumeWindow>("""{"kind":"lifetime"}"""));

        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<VolumeWindow>("""{"kind":"rollingDays","days":0}""")
        );
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<VolumeWindow>("""{"kind":"rollingDays"}"""));
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<VolumeWindow>("""{"kind":"fortnight","days":14}""")
        );
    }

    [Fact]
    public void Milestones_go_through_their_factories()
    {
        Assert.Equal(
            """{"kind":"nthConversion","count":1,"revenue":0}""",
            AffiliateJson.Serialize(Milestone.FirstConversion)
        );
        Assert.Equal(
            """{"kind":"revenueReached","count":0,"revenue":5000.50}""",
            AffiliateJson.Serialize(Milestone.RevenueReached(5000.50m))
        );

        foreach (
            var milestone in new[]
            {
                Milestone.FirstConversion,
                Milestone.NthConversion(10),
                Milestone.RevenueReached(5000.50m),
                Milestone.RevenueReached(0.001m),
            }
        )
        {
            var copy = Json.RoundTrip(milestone);
            Assert.Equal(milestone, copy);
            Assert.Equal(milestone.Describe(), copy.Describe());
        }

        Assert.Equal(2, Json.RoundTrip(Milestone.RevenueReached(5000.50m)).Revenue.Scale);
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<Milestone>("""{"kind":"nthConversion","count":0}""")
        );
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<Milestone>("""{"kind":"revenueReached","revenue":-1}""")
        );
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<Milestone>("""{"kind":"birthday"}"""));
    }

    // ---- Attribution and exchange rates ---------------------------------------------------------------------

    [Fact]
    public void Attribution_shares_keep_fraction_and_instant()
    {
        var at = Instant.FromUtc(2026, 5, 28, 5, 46, 40) + Duration.FromNanoseconds(789);
        var share = new AttributionShare(
            new PartnerId("anna"),
            0.3333333333333333333333333333m,
            TouchKind.Click,
            new ClickId("clk_9")
        )
        {
            Fraction = 0.25m,
            At = at,
        };
        var coupon = new AttributionShare(new PartnerId("ben"), 2.50m, TouchKind.Coupon, null)
        {
            Fraction = 1m,
            At = at,
        };

        Assert.Equal(share, Json.RoundTrip(share));
        Assert.Equal(coupon, Json.RoundTrip(coupon));
        Assert.Equal(2, Json.RoundTrip(coupon).Weight.Scale);
        Assert.Equal(
            """{"partnerId":"ben","weight":2.50,"kind":"coupon","clickId":null,"fraction":1,"at":"2026-05-28T05:46"""
                + """:40.000000789Z"}""",
            AffiliateJson.Serialize(coupon)
        );

        IReadOnlyList<AttributionShare> shares = [share, coupon];
        Assert.Equal(shares, Json.RoundTrip(shares));
    }

    [Fact]
    public void Attribution_share_json_has_every_public_property()
    {
        // The converter is written by hand; this fails when AttributionShare gains a property it does not write.
        var share = new AttributionShare(new PartnerId("anna"), 1m, TouchKind.Click, new ClickId("clk_1"));
        using var document = JsonDocument.Parse(AffiliateJson.Serialize(share));
        var written = document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var expected = typeof(AttributionShare)
            .GetProperties()
            .Where(p => p.Name != "EqualityContract")
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, written);
    }

    [Fact]
    public void Invalid_attribution_shares_are_json_errors()
    {
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<AttributionShare>("""{"partnerId":"anna","weight":0,"kind":"click"}""")
        );
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<AttributionShare>("""{"partnerId":"anna","kind":"click"}""")
        );
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<AttributionShare>("""{"partnerId":"anna","weight":1,"kind":"telepathy"}""")
        );
    }

    [Fact]
    public void Exchange_rates_round_trip()
    {
        var rate = new ExchangeRate(
            Currency.USD,
            Currency.EUR,
            0.92150m,
            Instant.FromUtc(2026, 6, 1, 16, 0) + Duration.FromNanoseconds(5),
            "ECB"
        );
        var points = new ExchangeRate(Currency.EUR, Points, 100.0m, Instant.FromUtc(2026, 6, 1, 0, 0), "loyalty");

        Assert.Equal(rate, Json.RoundTrip(rate));
        Assert.Equal(points, Json.RoundTrip(points));
        Assert.Equal(5, Json.RoundTrip(rate).Rate.Scale);
        Assert.Equal(
            """{"from":"USD","to":"EUR","rate":0.92150,"asOf":"2026-06-01T16:00:00.000000005Z","source":"ECB"}""",
            AffiliateJson.Serialize(rate)
        );
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<ExchangeRate>(
                """{"from":"USD","to":"EUR","rate":0.9,"asOf":"2026-06-01T16:00:00Z"}"""
            )
        );
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<ExchangeRate>(
                """{"from":"USD","to":"EUR","rate":0.9,"asOf":"2026-06-01T16:00:00Z","source":null}"""
            )
        );
    }

    [Fact]
    public void Enums_are_camel_case_names()
    {
        Assert.Equal("\"awayFromZero\"", AffiliateJson.Serialize(MidpointRounding.AwayFromZero));
        Assert.Equal(
            """["sale","renewal","custom"]""",
            AffiliateJson.Serialize<IReadOnlyList<ConversionKind>>([
                ConversionKind.Sale,
                ConversionKind.Renewal,
                ConversionKind.Custom,
            ])
        );
        Assert.Equal(UplineBasis.SellerCommission, Json.RoundTrip(UplineBasis.SellerCommission));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<ConversionKind>("\"purchase\""));
    }
}
