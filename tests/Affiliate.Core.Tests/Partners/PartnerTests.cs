namespace Affiliate.Tests.Partners;

public sealed class PartnerTests
{
    private static readonly PartnerId Anna = new("partner-anna");
    private static readonly PartnerId Bob = new("partner-bob");

    private static Partner NewPartner(PartnerStatus status = PartnerStatus.Pending) =>
        new()
        {
            Id = Anna,
            Name = "Anna",
            Status = status,
            JoinedAt = Instant.FromUtc(2025, 1, 15, 9, 30),
        };

    // ---- Defaults and referral codes ----------------------------------------------------------------------------

    [Fact]
    public void A_new_partner_is_pending_cannot_earn_and_has_no_codes_or_sponsor()
    {
        var partner = new Partner { Id = Anna, Name = "Anna" };

        Assert.Equal(PartnerStatus.Pending, partner.Status);
        Assert.False(partner.CanEarn);
        Assert.Empty(partner.ReferralCodes);
        Assert.Null(partner.SponsorId);
        Assert.Null(partner.Segment);
        Assert.Null(partner.Tier);
        Assert.Null(partner.PayoutCurrency);
        Assert.Null(partner.PayoutThreshold);
    }

    [Fact]
    public void A_partner_keeps_distinct_referral_codes_in_order()
    {
        var partner = NewPartner() with
        {
            ReferralCodes = [ReferralCode.Parse("anna10"), ReferralCode.Parse("ANNA-20")],
        };

        Assert.Equal(["anna10", "ANNA-20"], partner.ReferralCodes.Select(c => c.Value));
    }

    [Theory]
    [InlineData("anna10", "anna10")]
    [InlineData("anna10", "ANNA10")]
    [InlineData("Anna_Summer", "aNNA_sUMMER")]
    public void A_partner_cannot_list_the_same_referral_code_twice_ignoring_case(string first, string second)
    {
        var codes = new[] { ReferralCode.Parse(first), ReferralCode.Parse("other"), ReferralCode.Parse(second) };

        var error = Assert.Throws<ArgumentException>(() => NewPartner() with { ReferralCodes = codes });

        Assert.Contains($"Referral code '{first}' is listed twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("ignoring case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partner_refuses_a_null_list_of_referral_codes() =>
        Assert.Throws<ArgumentNullException>(() => NewPartner() with { ReferralCodes = null! });

    [Fact]
    public void A_partner_copies_its_referral_codes_so_later_changes_to_the_list_do_not_leak_in()
    {
        var codes = new List<ReferralCode> { ReferralCode.Parse("anna10") };
        var partner = NewPartner() with { ReferralCodes = codes };

        codes.Add(ReferralCode.Parse("ANNA10"));

        Assert.Single(partner.ReferralCodes);
    }

    // ---- Sponsor ------------------------------------------------------------------------------------------------

    [Fact]
    public void A_partner_can_be_sponsored_by_another_partner()
    {
        var partner = NewPartner() with { SponsorId = Bob };

        Assert.Equal(Bob, partner.SponsorId);
    }

    [Fact]
    public void A_partner_cannot_sponsor_itself()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Partner
            {
                Id = Anna,
                Name = "Anna",
                SponsorId = new PartnerId("partner-anna"),
            }
        );

        Assert.Contains("Partner 'partner-anna' cannot be its own sponsor", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NewPartner() with { SponsorId = Anna });
    }

    [Fact]
    public void A_partner_cannot_sponsor_itself_whatever_the_initializer_order() =>
        Assert.Throws<ArgumentException>(() =>
            new Partner
            {
                SponsorId = Anna,
                Id = Anna,
                Name = "Anna",
            }
        );

    [Fact]
    public void A_partner_cannot_become_its_own_sponsor_by_changing_its_id() =>
        Assert.Throws<ArgumentException>(() => NewPartner() with { SponsorId = Bob } with { Id = Bob });

    // ---- Status -------------------------------------------------------------------------------------------------

    public static TheoryData<PartnerStatus, PartnerStatus, bool> Transitions =>
        new()
        {
            { PartnerStatus.Pending, PartnerStatus.Pending, false },
            { PartnerStatus.Pending, PartnerStatus.Active, true },
            { PartnerStatus.Pending, PartnerStatus.Suspended, false },
            { PartnerStatus.Pending, PartnerStatus.Terminated, true },
            { PartnerStatus.Active, PartnerStatus.Pending, false },
            { PartnerStatus.Active, PartnerStatus.Active, false },
            { PartnerStatus.Active, PartnerStatus.Suspended, true },
            { PartnerStatus.Active, PartnerStatus.Terminated, true },
            { PartnerStatus.Suspended, PartnerStatus.Pending, false },
            { PartnerStatus.Suspended, PartnerStatus.Active, true },
            { PartnerStatus.Suspended, PartnerStatus.Suspended, false },
            { PartnerStatus.Suspended, PartnerStatus.Terminated, true },
            { PartnerStatus.Terminated, PartnerStatus.Pending, false },
            { PartnerStatus.Terminated, PartnerStatus.Active, false },
            { PartnerStatus.Terminated, PartnerStatus.Suspended, false },
            { PartnerStatus.Terminated, PartnerStatus.Terminated, false },
        };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void IsAllowedTransition_allows_approval_rejection_suspension_reactivation_and_termination_only(
        PartnerStatus from,
        PartnerStatus to,
        bool allowed
    ) => Assert.Equal(allowed, Partner.IsAllowedTransition(from, to));

    [Theory]
    [MemberData(nameof(Transitions))]
    public void MoveTo_returns_a_partner_in_the_new_status_or_refuses_naming_both_statuses(
        PartnerStatus from,
        PartnerStatus to,
        bool allowed
    )
    {
        var partner = NewPartner(from);

        if (allowed)
        {
            var moved = partner.MoveTo(to);

            Assert.Equal(to, moved.Status);
            Assert.Equal(from, partner.Status);
            Assert.Equal(partner with { Status = to }, moved);
        }
        else
        {
            var error = Assert.Throws<InvalidOperationException>(() => partner.MoveTo(to));

            Assert.Equal($"Partner 'partner-anna' cannot move from {from} to {to}.", error.Message);
        }
    }

    [Fact]
    public void Terminated_is_final()
    {
        var terminated = NewPartner(PartnerStatus.Active).MoveTo(PartnerStatus.Terminated);

        Assert.All(Enum.GetValues<PartnerStatus>(), status =>
            Assert.Throws<InvalidOperationException>(() => terminated.MoveTo(status))
        );
    }

    [Fact]
    public void A_partner_can_go_through_its_whole_life_cycle()
    {
        var partner = NewPartner()
            .MoveTo(PartnerStatus.Active)
            .MoveTo(PartnerStatus.Suspended)
            .MoveTo(PartnerStatus.Active)
            .MoveTo(PartnerStatus.Terminated);

        Assert.Equal(PartnerStatus.Terminated, partner.Status);
    }

    [Theory]
    [InlineData(PartnerStatus.Pending, false)]
    [InlineData(PartnerStatus.Active, true)]
    [InlineData(PartnerStatus.Suspended, false)]
    [InlineData(PartnerStatus.Terminated, false)]
    public void Only_an_active_partner_can_earn(PartnerStatus status, bool canEarn) =>
        Assert.Equal(canEarn, NewPartner(status).CanEarn);

    // ---- Segment and tier ---------------------------------------------------------------------------------------

    [Fact]
    public void Segments_compare_ignoring_case_and_surrounding_spaces()
    {
        var custom = new PartnerSegment("  INFLUENCER ");

        Assert.Equal(PartnerSegment.Influencer, custom);
        Assert.True(PartnerSegment.Influencer == custom);
        Assert.Equal(PartnerSegment.Influencer.GetHashCode(), custom.GetHashCode());
        Assert.Equal("INFLUENCER", custom.Name);
        Assert.Equal("INFLUENCER", custom.ToString());
        Assert.NotEqual(PartnerSegment.Influencer, PartnerSegment.ContentCreator);
        Assert.Equal(
            2,
            new HashSet<PartnerSegment>
            {
                PartnerSegment.CouponSite,
                new("Coupon-Site"),
                new("podcast"),
                new("PODCAST"),
            }.Count
        );

        var partner = NewPartner() with { Segment = PartnerSegment.ReviewSite };
        Assert.Equal(new PartnerSegment("Review-Site"), partner.Segment);
    }

    [Fact]
    public void Well_known_segments_have_kebab_case_names()
    {
        Assert.Equal(
            ["influencer", "content-creator", "review-site", "cashback-loyalty", "coupon-site", "reseller"],
            new[]
            {
                PartnerSegment.Influencer,
                PartnerSegment.ContentCreator,
                PartnerSegment.ReviewSite,
                PartnerSegment.CashbackLoyalty,
                PartnerSegment.CouponSite,
                PartnerSegment.Reseller,
            }.Select(s => s.Name)
        );
    }

    [Fact]
    public void Tiers_compare_ignoring_case_and_surrounding_spaces()
    {
        var gold = new PartnerTier("Gold");
        var shouting = new PartnerTier(" GOLD ");

        Assert.Equal(gold, shouting);
        Assert.True(gold == shouting);
        Assert.Equal(gold.GetHashCode(), shouting.GetHashCode());
        Assert.Equal("GOLD", shouting.Name);
        Assert.Equal("Gold", gold.ToString());
        Assert.NotEqual(gold, new PartnerTier("Silver"));
        Assert.Single(new HashSet<PartnerTier> { gold, shouting, new("gold") });

        var partner = NewPartner() with { Tier = gold };
        Assert.Equal(new PartnerTier("gOLD"), partner.Tier);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Segments_and_tiers_need_a_name(string name)
    {
        Assert.Throws<ArgumentException>(() => new PartnerSegment(name));
        Assert.Throws<ArgumentException>(() => new PartnerTier(name));
        Assert.Throws<ArgumentNullException>(() => new PartnerSegment(null!));
        Assert.Throws<ArgumentNullException>(() => new PartnerTier(null!));
    }

    // ---- Identifiers --------------------------------------------------------------------------------------------

    private sealed record IdKind(
        Func<string, object> Create,
        Func<object> New,
        Func<object, string> ValueOf,
        string Prefix
    );

    private static readonly Dictionary<string, IdKind> IdKinds = new()
    {
        [nameof(PartnerId)] = new(v => new PartnerId(v), () => PartnerId.New(), id => ((PartnerId)id).Value, "ptr_"),
        [nameof(ProgramId)] = new(v => new ProgramId(v), () => ProgramId.New(), id => ((ProgramId)id).Value, "prg_"),
        [nameof(PlanId)] = new(v => new PlanId(v), () => PlanId.New(), id => ((PlanId)id).Value, "pln_"),
        [nameof(ConversionId)] = new(
            v => new ConversionId(v),
            () => ConversionId.New(),
            id => ((ConversionId)id).Value,
            "cnv_"
        ),
        [nameof(ClickId)] = new(v => new ClickId(v), () => ClickId.New(), id => ((ClickId)id).Value, "clk_"),
        [nameof(CommissionLineId)] = new(
            v => new CommissionLineId(v),
            () => CommissionLineId.New(),
            id => ((CommissionLineId)id).Value,
            "cml_"
        ),
        [nameof(PayoutId)] = new(v => new PayoutId(v), () => PayoutId.New(), id => ((PayoutId)id).Value, "pay_"),
        [nameof(CustomerId)] = new(
            v => new CustomerId(v),
            () => CustomerId.New(),
            id => ((CustomerId)id).Value,
            "cus_"
        ),
    };

    public static TheoryData<string> IdTypes => new(IdKinds.Keys);

    public static TheoryData<string, string> InvalidIds
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var type in IdKinds.Keys)
            {
                data.Add(type, "");
                data.Add(type, "   ");
                data.Add(type, "order\n42");
                data.Add(type, "order\t42");
                data.Add(type, "order\u000042");
                data.Add(type, "order\u007f42");
                data.Add(type, "order\u008542");
                data.Add(type, new string('x', 129));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void Ids_reject_empty_too_long_or_control_character_values_naming_the_id_type(string type, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => IdKinds[type].Create(value));

        Assert.Equal("value", error.ParamName);
        Assert.StartsWith($"A {type} ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(IdTypes))]
    public void Ids_reject_null(string type) => Assert.Throws<ArgumentException>(() => IdKinds[type].Create(null!));

    [Theory]
    [MemberData(nameof(IdTypes))]
    public void Ids_say_how_long_a_too_long_value_is(string type)
    {
        var error = Assert.Throws<ArgumentException>(() => IdKinds[type].Create(new string('x', 200)));

        Assert.Contains("at most 128 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 200", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(IdTypes))]
    public void Ids_accept_up_to_128_characters_of_any_printable_text_as_given(string type)
    {
        var kind = IdKinds[type];

        string[] values = ["1", "order 42", " padded ", "Bestellung-Ä-ß-é", "注文", new string('x', 128)];
        foreach (var value in values)
        {
            var id = kind.Create(value);

            Assert.Equal(value, kind.ValueOf(id));
            Assert.Equal(value, id.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(IdTypes))]
    public void Ids_compare_ordinally(string type)
    {
        var kind = IdKinds[type];

        Assert.Equal(kind.Create("order-42"), kind.Create("order-42"));
        Assert.Equal(kind.Create("order-42").GetHashCode(), kind.Create("order-42").GetHashCode());
        Assert.NotEqual(kind.Create("order-42"), kind.Create("ORDER-42"));
        Assert.NotEqual(kind.Create("order-42"), kind.Create("order-42 "));
    }

    [Theory]
    [MemberData(nameof(IdTypes))]
    public void New_makes_unique_prefixed_ids(string type)
    {
        var kind = IdKinds[type];

        var values = Enumerable.Range(0, 10_000).Select(_ => kind.ValueOf(kind.New())).ToList();

        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(values, value =>
        {
            Assert.StartsWith(kind.Prefix, value, StringComparison.Ordinal);
            Assert.Equal(kind.Prefix.Length + 32, value.Length);
            Assert.Matches("^[a-z]{3}_[0-9a-f]{32}$", value);
        });
    }

    [Fact]
    public void Ids_of_different_types_do_not_mix()
    {
        object partner = new PartnerId("42");
        object customer = new CustomerId("42");

        Assert.NotEqual(partner, customer);
    }
}
