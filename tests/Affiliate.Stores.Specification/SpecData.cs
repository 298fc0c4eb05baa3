using System.Globalization;

namespace Affiliate.Stores.Specification;

/// <summary>
/// Small builders for valid records. Everything is deterministic: fixed instants, ids given by the fact, event ids
/// from a counter (never <see cref="Guid.CreateVersion7()"/>, which reads the clock).
/// </summary>
/// <remarks>
/// Instant precision: every instant a fact writes is a whole number of MICROSECONDS since the Unix epoch (the
/// <see cref="Precise"/> ones have a fractional second of 0.123456). The contract is that a store keeps instants to
/// the microsecond at least: PostgreSQL's timestamp and Unix microseconds in a 64-bit integer do; a store that keeps
/// milliseconds fails the round-trip facts. Nanosecond ticks below the microsecond are not asked for.
/// </remarks>
public static class SpecData
{
    private static long s_eventSequence;

    /// <summary>The program most facts write to.</summary>
    public static ProgramId Program { get; } = new("prg-spec");

    /// <summary>Another program, to check that queries and keys are per program.</summary>
    public static ProgramId OtherProgram { get; } = new("prg-other");

    /// <summary>The base instant: 2 March 2026, 09:00 UTC.</summary>
    public static Instant T0 { get; } = Instant.FromUtc(2026, 3, 2, 9, 0);

    /// <summary>The base instant plus some minutes.</summary>
    public static Instant At(int minutes) => T0 + Duration.FromMinutes(minutes);

    /// <summary>
    /// The base instant plus some minutes and 0.123456 s: a whole number of microseconds, not of milliseconds.
    /// </summary>
    public static Instant Precise(int minutes) => At(minutes) + Duration.FromTicks(1_234_560);

    /// <summary>An amount in euros.</summary>
    public static Money Eur(decimal amount) => Money.Of(amount, "EUR");

    /// <summary>A new event id: increasing within a run, unique across facts, never read from the clock.</summary>
    public static Guid NextEventId()
    {
        var n = Interlocked.Increment(ref s_eventSequence);
        return Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"5e000000-0000-7000-8000-{n:x12}"));
    }

    /// <summary>Wraps a record with the version the caller read.</summary>
    public static Versioned<T> Expect<T>(T value, long version) => new(value, version);

    // ---- Partners ---------------------------------------------------------------------------------------------------

    /// <summary>An active partner with referral codes.</summary>
    public static Partner NewPartner(string id, params string[] codes) =>
        new()
        {
            Id = new PartnerId(id),
            Name = $"Partner {id}",
            Status = PartnerStatus.Active,
            ReferralCodes = codes.Select(ReferralCode.Parse).ToArray(),
            JoinedAt = T0,
        };

    /// <summary>A partner with every property set.</summary>
    public static Partner FullPartner(string id = "p-full") =>
        new()
        {
            Id = new PartnerId(id),
            Name = "Anna Łukasiewicz ✓",
            Status = PartnerStatus.Suspended,
            Segment = new PartnerSegment("Podcast-Host"),
            Tier = new PartnerTier("Gold"),
            SponsorId = new PartnerId("p-sponsor"),
            ReferralCodes = [ReferralCode.Parse("AnnaTen"), ReferralCode.Parse("anna-Extra_2")],
            PayoutCurrency = Currency.USD,
            PayoutThreshold = Money.Of(50.5m, "USD"),
            JoinedAt = Precise(-60 * 24 * 40),
            Email = "Anna.L@example.org",
            CustomerId = new CustomerId("cus-anna"),
            KnownIpHashes = ["iphash-a", "iphash-b"],
        };

    /// <summary>A partner with only the required properties.</summary>
    public static Partner MinimalPartner(string id = "p-min") => new() { Id = new PartnerId(id), Name = "Minimal" };

    /// <summary>A partner's registration event.</summary>
    public static PartnerRegistered RegisteredEvent(Partner partner) =>
        new(partner.Id, partner.Status)
        {
            EventId = NextEventId(),
            OccurredAt = partner.JoinedAt,
            ProgramId = Program,
        };

    // ---- Clicks -----------------------------------------------------------------------------------------------------

    /// <summary>A click with the properties queries filter on.</summary>
    public static Click NewClick(
        string id,
        string partner = "p-1",
        string visitor = "v-1",
        Instant? at = null,
        string? ipHash = null,
        ProgramId? program = null
    ) =>
        new()
        {
            Id = new ClickId(id),
            ProgramId = program ?? Program,
            PartnerId = new PartnerId(partner),
            VisitorId = visitor,
            OccurredAt = at ?? T0,
            IpHash = ipHash,
        };

    /// <summary>A click with every property set.</summary>
    public static Click FullClick(string id = "clk-full") =>
        new()
        {
            Id = new ClickId(id),
            ProgramId = Program,
            PartnerId = new PartnerId("p-1"),
            LinkId = "spring-campaign",
            SubIds = ["newsletter", "header-banner", "sub-ü-3"],
            LandingUrl = "https://shop.example/products/42?utm_source=anna&size=XL",
            Referrer = "https://blog.example/review#comments",
            UserAgent =
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            VisitorId = "visitor-7f3a",
            OccurredAt = Precise(5),
            AnonymizedIp = "203.0.113.0",
            IpHash = "iphash-full",
            Country = "DE",
            Attributable = false,
            FraudCodes = ["bot_user_agent", "ip_click_velocity"],
        };

    // ---- Conversions ------------------------------------------------------------------------------------------------

    /// <summary>
    /// A conversion in euros credited in equal shares to <paramref name="partners"/> ("p-1" when none are given).
    /// </summary>
    public static Conversion NewConversion(
        string id,
        Instant? at = null,
        decimal amount = 100m,
        ConversionStatus status = ConversionStatus.Attributed,
        string[]? partners = null,
        string? customer = null,
        string? ipHash = null,
        ProgramId? program = null
    )
    {
        var occurred = at ?? T0;
        return new Conversion
        {
            Id = new ConversionId(id),
            ProgramId = program ?? Program,
            Kind = ConversionKind.Sale,
            OccurredAt = occurred,
            RecordedAt = occurred + Duration.FromMinutes(1),
            Amount = Eur(amount),
            ProgramAmount = Eur(amount),
            Status = status,
            AttributionReason =
                status == ConversionStatus.NotAttributed ? AttributionReason.None : AttributionReason.Clicks,
            Shares =
                status == ConversionStatus.NotAttributed
                    ? []
                    : (partners ?? ["p-1"])
                        .Select(p => new AttributionShare(new PartnerId(p), 1m, TouchKind.Click, null)
                        {
                            At = occurred,
                        })
                        .ToArray(),
            CustomerId = customer is null ? null : new CustomerId(customer),
            IpHash = ipHash,
            Refunded = Eur(0m),
            Fingerprint = $"fp-{id}",
        };
    }

    /// <summary>
    /// A conversion with every property set, in two currencies with unusual minor units (yen without, dinar with
    /// three), weights with 28 significant digits and instants with microseconds.
    /// </summary>
    public static Conversion FullConversion(string id = "cnv-full") =>
        new()
        {
            Id = new ConversionId(id),
            ProgramId = Program,
            Kind = ConversionKind.Renewal,
            OccurredAt = Precise(10),
            RecordedAt = Precise(11),
            Amount = Money.Of(15000m, "JPY"),
            ProgramAmount = Money.Of(37.125m, "BHD"),
            ExchangeRate = new ExchangeRate(Currency.JPY, Currency.FromCode("BHD"), 0.002475m, Precise(-60), "ECB"),
            Status = ConversionStatus.PartiallyRefunded,
            AttributionReason = AttributionReason.Clicks,
            Shares =
            [
                new AttributionShare(
                    new PartnerId("p-1"),
                    0.6666666666666666666666666667m,
                    TouchKind.Click,
                    new ClickId("clk-1")
                )
                {
                    At = Precise(2),
                },
                new AttributionShare(new PartnerId("p-2"), 0.3333333333333333333333333333m, TouchKind.Coupon, null)
                {
                    At = Precise(10),
                },
            ],
            ClickId = new ClickId("clk-1"),
            SubIds = ["newsletter", "sub-2"],
            VisitorId = "visitor-7f3a",
            CustomerId = new CustomerId("cus-1"),
            IpHash = "iphash-c",
            CouponCode = "SPRING-26",
            FraudAction = FraudAction.Hold,
            FraudCodes = ["click_to_conversion_too_fast", "ip_click_velocity"],
            Refunded = Money.Of(1500m, "JPY"),
            Fingerprint = "sha256:3f1c2a9e0b7d",
            NewCustomer = true,
            Review = new ConversionReview(true, "ops@shop", "customer verified by phone", Precise(40)),
        };

    /// <summary>A conversion with only the required properties (not attributed: no shares).</summary>
    public static Conversion MinimalConversion(string id = "cnv-min") =>
        new()
        {
            Id = new ConversionId(id),
            ProgramId = Program,
            Kind = ConversionKind.Lead,
            OccurredAt = At(20),
            RecordedAt = At(20),
            Amount = Eur(0m),
            ProgramAmount = Eur(0m),
            Status = ConversionStatus.NotAttributed,
            Refunded = Eur(0m),
            Fingerprint = "fp-min",
        };

    /// <summary>
    /// A conversion record with its lines, no binding, and one event for the conversion and one per line.
    /// </summary>
    public static ConversionRecord Record(Conversion conversion, params CommissionLine[] lines)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return new ConversionRecord(
            conversion,
            lines,
            null,
            [RecordedEvent(conversion), .. lines.Select(LineCreatedEvent)]
        );
    }

    /// <summary>The event for a recorded conversion.</summary>
    public static ConversionRecorded RecordedEvent(Conversion conversion)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return new ConversionRecorded(
            conversion.Id,
            conversion.Status,
            conversion.Shares.Select(s => s.PartnerId).ToArray(),
            conversion.Amount
        )
        {
            EventId = NextEventId(),
            OccurredAt = conversion.RecordedAt,
            ProgramId = conversion.ProgramId,
        };
    }

    /// <summary>A lifetime binding made by a conversion.</summary>
    public static CustomerBinding NewBinding(
        string customer,
        string partner,
        string conversion,
        Instant? at = null,
        ProgramId? program = null
    ) =>
        new(
            program ?? Program,
            new CustomerId(customer),
            new PartnerId(partner),
            at ?? T0,
            new ConversionId(conversion)
        );

    // ---- Refunds ----------------------------------------------------------------------------------------------------

    /// <summary>A refund of a conversion.</summary>
    public static Refund NewRefund(
        string id,
        string conversion,
        decimal amount,
        Instant? at = null,
        ProgramId? program = null
    ) =>
        new()
        {
            Id = id,
            ProgramId = program ?? Program,
            ConversionId = new ConversionId(conversion),
            Kind = RefundKind.Refund,
            Amount = Eur(amount),
            OccurredAt = at ?? At(60),
            RecordedAt = (at ?? At(60)) + Duration.FromMinutes(1),
            Fingerprint = $"fp-{id}",
        };

    /// <summary>The event for a recorded refund.</summary>
    public static RefundRecorded RefundedEvent(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return new RefundRecorded(refund.ConversionId, refund.Id, refund.Kind, refund.Amount)
        {
            EventId = NextEventId(),
            OccurredAt = refund.RecordedAt,
            ProgramId = refund.ProgramId,
        };
    }

    // ---- Lines ------------------------------------------------------------------------------------------------------

    /// <summary>A commission line in euros.</summary>
    public static CommissionLine NewLine(
        string id,
        string partner = "p-1",
        string? conversion = "cnv-1",
        CommissionState state = CommissionState.Pending,
        decimal amount = 10m,
        Instant? createdAt = null,
        Instant? approvableAt = null,
        ProgramId? program = null,
        LedgerEntryKind kind = LedgerEntryKind.Commission
    ) =>
        new()
        {
            Id = new CommissionLineId(id),
            ProgramId = program ?? Program,
            PartnerId = new PartnerId(partner),
            ConversionId = conversion is null ? null : new ConversionId(conversion),
            Kind = kind,
            Amount = Eur(amount),
            State = state,
            CreatedAt = createdAt ?? T0,
            ApprovableAt = approvableAt,
            Explanation = string.Create(CultureInfo.InvariantCulture, $"{amount:0.00} EUR for line {id}."),
        };

    /// <summary>A line with every property set, including a structured explanation.</summary>
    public static CommissionLine FullLine(string id = "cml-full", string conversion = "cnv-full") =>
        new()
        {
            Id = new CommissionLineId(id),
            ProgramId = Program,
            PartnerId = new PartnerId("p-2"),
            ConversionId = new ConversionId(conversion),
            Kind = LedgerEntryKind.Upline,
            Level = 2,
            Amount = Money.Of(-3.250m, "BHD"),
            State = CommissionState.Approved,
            CreatedAt = Precise(12),
            ApprovableAt = Precise(12 + (60 * 24 * 30)),
            ApprovedAt = Precise(13 + (60 * 24 * 30)),
            PaidAt = Precise(14 + (60 * 24 * 30)),
            ClosedAt = Precise(15 + (60 * 24 * 30)),
            PayoutId = new PayoutId("pay-elsewhere"),
            ReversesLineId = new CommissionLineId("cml-reversed"),
            RefundId = "re-7",
            PlanId = new PlanId("plan-1"),
            PlanVersion = 3,
            Explanation =
                "-3.250 BHD as level 2 upline of partner p-1 for renewal cnv-full under plan 'Partners' version 3.",
            Details = FullExplanation(conversion),
            ExchangeRate = new ExchangeRate(Currency.JPY, Currency.FromCode("BHD"), 0.002475m, Precise(-60), "ECB"),
            Reason = "Partial refund re-7",
            FraudCodes = ["click_to_conversion_too_fast"],
        };

    /// <summary>A line with only the required properties (a manual adjustment: no conversion).</summary>
    public static CommissionLine MinimalLine(string id = "cml-min") =>
        new()
        {
            Id = new CommissionLineId(id),
            ProgramId = Program,
            PartnerId = new PartnerId("p-1"),
            Kind = LedgerEntryKind.Adjustment,
            Amount = Eur(5m),
            State = CommissionState.Pending,
            CreatedAt = At(30),
            Explanation = "Manual adjustment.",
        };

    /// <summary>A structured explanation with every part filled.</summary>
    public static CommissionExplanation FullExplanation(string conversion) =>
        new()
        {
            PlanId = new PlanId("plan-1"),
            PlanName = "Partners",
            PlanVersion = 3,
            ConversionId = new ConversionId(conversion),
            ConversionKind = ConversionKind.Renewal,
            LineKind = CommissionLineKind.Upline,
            Level = 2,
            SellerId = new PartnerId("p-1"),
            Parts =
            [
                new ExplanationPart
                {
                    RuleId = "tiered",
                    RuleName = "Volume tiers",
                    BasisKind = BasisKind.SellerCommission,
                    Basis = Money.Of(37.125m, "BHD"),
                    Quantity = 0,
                    Rate = CommissionRate.Percent(7.5m),
                    Tier = new TierExplanation(1, "Silver", TierMeasure.Revenue, 1234.5m, VolumeWindow.Rolling(30)),
                    Recurring = new RecurringExplanation(RecurringUnit.Renewals, 4, 1),
                    Note = "renewal 4",
                    Amount = Money.Of(2.784375m, "BHD"),
                },
                new ExplanationPart
                {
                    RuleId = "per-item",
                    RuleName = "Per item",
                    BasisKind = BasisKind.Item,
                    Basis = Money.Of(10m, "BHD"),
                    Quantity = 3,
                    Rate = CommissionRate.FlatPerItem(Money.Of(0.25m, "BHD")),
                    Amount = Money.Of(0.75m, "BHD"),
                },
            ],
            Rounding = MidpointRounding.ToEven,
            Adjustments = [new ExplanationAdjustment("cap", "Capped at 10% of the sale", Money.Of(-0.284m, "BHD"))],
            Currency = Currency.FromCode("BHD"),
        };

    /// <summary>The event for a new line.</summary>
    public static CommissionLineCreated LineCreatedEvent(CommissionLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new CommissionLineCreated(line.Id, line.PartnerId, line.Kind, line.Amount, line.State)
        {
            EventId = NextEventId(),
            OccurredAt = line.CreatedAt,
            ProgramId = line.ProgramId,
        };
    }

    /// <summary>The event for a line moving to another state.</summary>
    public static CommissionLineStateChanged LineMovedEvent(CommissionLine line, CommissionState to, Instant at)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new CommissionLineStateChanged(line.Id, line.PartnerId, line.State, to, null)
        {
            EventId = NextEventId(),
            OccurredAt = at,
            ProgramId = line.ProgramId,
        };
    }

    /// <summary>A line approved at an instant.</summary>
    public static CommissionLine Approved(CommissionLine line, Instant at)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line with { State = CommissionState.Approved, ApprovedAt = at };
    }

    // ---- Payouts ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// A pending payout of lines (their sum and count: what a claim of exactly these lines must find), dated 1 April
    /// 2026.
    /// </summary>
    public static Payout NewPayout(
        string id,
        string partner,
        IReadOnlyList<CommissionLine> lines,
        Instant? at = null,
        ProgramId? program = null
    )
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new Payout
        {
            Id = new PayoutId(id),
            ProgramId = program ?? Program,
            PartnerId = new PartnerId(partner),
            Amount = Money.Sum(lines.Select(l => l.Amount), Currency.EUR),
            LineCount = lines.Count,
            Status = PayoutStatus.Pending,
            CreatedAt = at ?? At(60 * 24 * 30),
            PayoutDate = new LocalDate(2026, 4, 1),
        };
    }

    /// <summary>A payout closed as paid with a transfer reference.</summary>
    public static Payout PaidPayout(Payout payout, Instant at, string reference = "SEPA-2026-04-0001")
    {
        ArgumentNullException.ThrowIfNull(payout);
        return payout with { Status = PayoutStatus.Paid, ClosedAt = at, ExternalReference = reference };
    }

    /// <summary>A payout closed as failed.</summary>
    public static Payout FailedPayout(Payout payout, Instant at, string reason = "IBAN rejected by the bank")
    {
        ArgumentNullException.ThrowIfNull(payout);
        return payout with { Status = PayoutStatus.Failed, ClosedAt = at, FailureReason = reason };
    }

    /// <summary>The event for a paid payout.</summary>
    public static PayoutPaid PaidEvent(Payout payout)
    {
        ArgumentNullException.ThrowIfNull(payout);
        return new PayoutPaid(payout.Id, payout.PartnerId, payout.Amount, payout.ExternalReference ?? "ref")
        {
            EventId = NextEventId(),
            OccurredAt = payout.ClosedAt ?? payout.CreatedAt,
            ProgramId = payout.ProgramId,
        };
    }

    /// <summary>The event for a new payout.</summary>
    public static PayoutCreated PayoutCreatedEvent(Payout payout)
    {
        ArgumentNullException.ThrowIfNull(payout);
        return new PayoutCreated(payout.Id, payout.PartnerId, payout.Amount, payout.LineCount)
        {
            EventId = NextEventId(),
            OccurredAt = payout.CreatedAt,
            ProgramId = payout.ProgramId,
        };
    }

    // ---- Plans ------------------------------------------------------------------------------------------------------

    /// <summary>A plan in EUR, in force since 2000, that pays 10% of every sale.</summary>
    public static CommissionPlan TenPercentPlan() =>
        new()
        {
            Id = new PlanId("plan"),
            Name = "Standard",
            Currency = Currency.EUR,
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = Instant.FromUtc(2000, 1, 1, 0, 0),
                    Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(10) }],
                },
            ],
        };

    /// <summary>A plan with two versions that use every kind of rule, condition and policy.</summary>
    public static CommissionPlan FullPlan(string id = "plan-full") =>
        new()
        {
            Id = new PlanId(id),
            Name = "Partners 2026",
            Currency = Currency.EUR,
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = Precise(0),
                    EffectiveUntil = Precise(60 * 24 * 30),
                    Rules =
                    [
                        new CommissionRule
                        {
                            Id = "default",
                            Name = "Default",
                            Rate = CommissionRate.Percent(10m),
                        },
                        new CommissionRule
                        {
                            Id = "books",
                            AppliesTo = [ConversionKind.Sale],
                            When = new RuleConditions
                            {
                                Segments = [PartnerSegment.Influencer, new PartnerSegment("Podcast-Host")],
                                Tiers = [new PartnerTier("Gold")],
                                Countries = ["DE", "AT"],
                                Categories = ["books"],
                                SaleType = SaleType.New,
                                CouponUsed = true,
                                CouponCodes = ["SPRING-26"],
                            },
                            Rate = CommissionRate.FlatPerItem(Eur(0.5m)),
                            Priority = 2,
                        },
                        new CommissionRule
                        {
                            Id = "tiered",
                            Tiers = new VolumeTiers
                            {
                                Measure = TierMeasure.Revenue,
                                Window = VolumeWindow.Rolling(30),
                                Steps =
                                [
                                    new VolumeTier(0m, CommissionRate.Percent(5m)),
                                    new VolumeTier(1000m, CommissionRate.Percent(7.5m), "Silver"),
                                ],
                                RevenueCounting = RevenueTierCounting.IncludingThisConversion,
                                AdjustAtPeriodClose = true,
                            },
                            When = new RuleConditions { Products = ["sku-1"] },
                        },
                    ],
                    Precedence = RulePrecedence.Highest,
                    Basis = new SaleBasisOptions { IncludeShipping = true },
                    Bonuses =
                    [
                        new BonusRule
                        {
                            Id = "first",
                            Milestone = Milestone.FirstConversion,
                            Reward = Eur(25m),
                        },
                        new BonusRule
                        {
                            Id = "revenue",
                            Name = "Big month",
                            Milestone = Milestone.RevenueReached(5000m),
                            Window = VolumeWindow.CalendarMonth,
                            Reward = Eur(100m),
                            AppliesTo = [ConversionKind.Sale, ConversionKind.Renewal],
                        },
                    ],
                    Rounding = MidpointRounding.ToEven,
                    AllowTotalOverHundredPercent = true,
                },
                new PlanVersion
                {
                    Number = 2,
                    EffectiveFrom = Precise(60 * 24 * 30),
                    Rules =
                    [
                        new CommissionRule
                        {
                            Id = "subscriptions",
                            AppliesTo = [ConversionKind.Sale, ConversionKind.Renewal],
                            Recurring = new RecurringSchedule
                            {
                                Unit = RecurringUnit.Months,
                                Steps =
                                [
                                    new RecurringStep(CommissionRate.Percent(30m), 12),
                                    new RecurringStep(CommissionRate.Percent(10m)),
                                ],
                            },
                        },
                        new CommissionRule
                        {
                            Id = "cpl",
                            AppliesTo = [ConversionKind.Lead],
                            Rate = CommissionRate.Flat(Eur(2m)),
                            When = new RuleConditions { EventNames = ["demo-booked"] },
                        },
                    ],
                    MultiLevel = new MultiLevelPolicy
                    {
                        Levels =
                        [
                            new UplineLevel(2, CommissionRate.Percent(5m)),
                            new UplineLevel(3, CommissionRate.Percent(2.5m)),
                        ],
                        Basis = UplineBasis.SellerCommission,
                        Payment = UplinePayment.DeductedFromSeller,
                        InactiveUplines = InactiveUplines.Forfeit,
                        Cap = new MultiLevelCap(MaxPercentOfSale: 20m, MaxAmount: Eur(50m)),
                    },
                    PerformanceTiers = new PerformanceTierPolicy
                    {
                        Levels =
                        [
                            new PerformanceTierLevel { Tier = new PartnerTier("Bronze") },
                            new PerformanceTierLevel
                            {
                                Tier = new PartnerTier("Gold"),
                                PromoteWhen = new PerformanceCriteria
                                {
                                    MinConversions = 10,
                                    MinRevenue = 1000m,
                                    MinConversionRatePercent = 2.5m,
                                },
                                KeepWhen = new PerformanceCriteria
                                {
                                    MinConversions = 5,
                                    MaxRefundRatePercent = 10m,
                                    MinAverageOrderValue = 40m,
                                },
                            },
                        ],
                        Period = VolumeWindow.CalendarMonth,
                    },
                },
            ],
        };

    // ---- Events -----------------------------------------------------------------------------------------------------

    /// <summary>One event of every type, oldest first.</summary>
    public static IReadOnlyList<AffiliateEvent> OneOfEachEvent()
    {
        var partner = new PartnerId("p-1");
        var amount = Money.Of(12.5m, "EUR");
        return
        [
            new PartnerRegistered(partner, PartnerStatus.Pending)
            {
                EventId = NextEventId(),
                OccurredAt = Precise(1),
                ProgramId = Program,
            },
            new PartnerStatusChanged(partner, PartnerStatus.Pending, PartnerStatus.Active, null)
            {
                EventId = NextEventId(),
                OccurredAt = Precise(2),
                ProgramId = Program,
            },
            new ConversionRecorded(
                new ConversionId("cnv-1"),
                ConversionStatus.Held,
                [partner, new PartnerId("p-2")],
                Money.Of(15000m, "JPY")
            )
            {
                EventId = NextEventId(),
                OccurredAt = Precise(3),
                ProgramId = Program,
            },
            new RefundRecorded(new ConversionId("cnv-1"), "re-1", RefundKind.Chargeback, Money.Of(1500m, "JPY"))
            {
                EventId = NextEventId(),
                OccurredAt = Precise(4),
                ProgramId = Program,
            },
            new CommissionLineCreated(
                new CommissionLineId("cml-1"),
                partner,
                LedgerEntryKind.Clawback,
                Money.Of(-1.234m, "BHD"),
                CommissionState.Approved
            )
            {
                EventId = NextEventId(),
                OccurredAt = Precise(5),
                ProgramId = Program,
            },
            new CommissionLineStateChanged(
                new CommissionLineId("cml-1"),
                partner,
                CommissionState.Held,
                CommissionState.Rejected,
                "Reviewer: cookie stuffing"
            )
            {
                EventId = NextEventId(),
                OccurredAt = Precise(6),
                ProgramId = Program,
            },
            new CustomerBound(new CustomerId("cus-1"), partner)
            {
                EventId = NextEventId(),
                OccurredAt = Precise(7),
                ProgramId = Program,
            },
            new PayoutCreated(new PayoutId("pay-1"), partner, amount, 3)
            {
                EventId = NextEventId(),
                OccurredAt = Precise(8),
                ProgramId = Program,
            },
            new PayoutPaid(new PayoutId("pay-1"), partner, amount, "SEPA-2026-04-0001")
            {
                EventId = NextEventId(),
                OccurredAt = Precise(9),
                ProgramId = OtherProgram,
            },
            new PayoutFailed(new PayoutId("pay-2"), partner, amount, "IBAN rejected")
            {
                EventId = NextEventId(),
                OccurredAt = Precise(10),
                ProgramId = Program,
            },
            new PlanVersionScheduled(new PlanId("plan-full"), 3, Precise(60 * 24 * 60), 2)
            {
                EventId = NextEventId(),
                OccurredAt = Precise(11),
                ProgramId = Program,
            },
            new PartnerUpdated(partner, ["Name", "PayoutThreshold"])
            {
                EventId = NextEventId(),
                OccurredAt = Precise(12),
                ProgramId = Program,
            },
            new PartnerSponsorChanged(partner, null, new PartnerId("p-2"), "moved team")
            {
                EventId = NextEventId(),
                OccurredAt = Precise(13),
                ProgramId = Program,
            },
        ];
    }
}
