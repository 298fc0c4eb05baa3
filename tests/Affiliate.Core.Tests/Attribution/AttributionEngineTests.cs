using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Attribution;

/// <summary>
/// Worked examples of the attribution engine (S6, S8 and S9 of SCENARIOS.md among them), through the public API.
/// </summary>
public sealed class AttributionEngineTests
{
    private static readonly PartnerId A = new("A");
    private static readonly PartnerId B = new("B");
    private static readonly PartnerId C = new("C");
    private static readonly PartnerId D = new("D");

    /// <summary>Midnight UTC on a day of June 2026 (program time is UTC in these tests).</summary>
    private static Instant June(int day, int hour = 0, int minute = 0) => Instant.FromUtc(2026, 6, day, hour, minute);

    private static Click Click(string id, PartnerId partner, Instant at, bool attributable = true) =>
        new()
        {
            Id = new ClickId(id),
            ProgramId = new ProgramId("program"),
            PartnerId = partner,
            VisitorId = "visitor-1",
            OccurredAt = at,
            Attributable = attributable,
        };

    private static AttributionResult Attribute(AttributionPolicy policy, Instant conversionAt, params Click[] clicks) =>
        AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = policy,
                ConversionAt = conversionAt,
                Clicks = clicks,
            }
        );

    private static AttributionPolicy Model(AttributionModel model) => new() { Model = model };

    private static (PartnerId Partner, decimal Weight)[] Weights(AttributionResult result) =>
        result.Shares.Select(s => (s.PartnerId, s.Weight)).ToArray();

    private static CustomerBinding Binding(PartnerId partner, Instant boundAt) =>
        new(new ProgramId("program"), new CustomerId("customer-1"), partner, boundAt, new ConversionId("first-order"));

    // ---- S6: window and last click --------------------------------------------------------------------------------

    [Fact]
    public void S6_a_click_credits_an_order_on_the_last_minute_of_the_30_day_window_but_not_one_a_minute_later()
    {
        var policy = new AttributionPolicy { Window = Duration.FromDays(30) };
        var click = Click("c1", A, June(1));

        var inside = Attribute(policy, June(30, 23, 59), click);
        var outside = Attribute(policy, Instant.FromUtc(2026, 7, 1, 0, 0), click);

        Assert.Equal(AttributionReason.Clicks, inside.Reason);
        Assert.Equal(A, Assert.Single(inside.Shares).PartnerId);
        Assert.False(outside.IsAttributed);
        Assert.Equal(AttributionReason.None, outside.Reason);
    }

    [Fact]
    public void S6_clicks_from_A_on_day_1_and_B_on_day_5_credit_B_under_last_click_and_A_under_first_click()
    {
        var clicks = new[] { Click("c1", A, June(1)), Click("c2", B, June(5)) };

        var last = Attribute(Model(AttributionModel.LastClick), June(6), clicks);
        var first = Attribute(Model(AttributionModel.FirstClick), June(6), clicks);

        var lastShare = Assert.Single(last.Shares);
        Assert.Equal(B, lastShare.PartnerId);
        Assert.Equal(new ClickId("c2"), lastShare.ClickId);
        Assert.Equal(TouchKind.Click, lastShare.Kind);
        Assert.Equal(1m, lastShare.Fraction);
        Assert.Equal("Last click by partner B at 2026-06-05T00:00:00Z within the 30-day window.", last.Describe());

        var firstShare = Assert.Single(first.Shares);
        Assert.Equal(A, firstShare.PartnerId);
        Assert.Equal(new ClickId("c1"), firstShare.ClickId);
        Assert.Equal("First click by partner A at 2026-06-01T00:00:00Z within the 30-day window.", first.Describe());
    }

    // ---- S8: coupon and link ---------------------------------------------------------------------------------------

    [Fact]
    public void S8_a_coupon_of_another_partner_beats_the_link_the_visitor_came_through()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy(),
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(5))],
                CouponPartner = B,
            }
        );

        Assert.Equal(AttributionReason.Coupon, result.Reason);
        var share = Assert.Single(result.Shares);
        Assert.Equal(B, share.PartnerId);
        Assert.Equal(TouchKind.Coupon, share.Kind);
        Assert.Null(share.ClickId);
        Assert.Equal(1m, share.Fraction);
        Assert.Contains("Coupon of partner B", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void S8_a_partner_whose_link_and_coupon_were_both_used_is_credited_once()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy(),
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(5))],
                CouponPartner = A,
            }
        );

        var share = Assert.Single(result.Shares);
        Assert.Equal(A, share.PartnerId);
        Assert.Equal(1m, share.Fraction);
        Assert.Equal([Eur(12.34m)], result.Split(Eur(12.34m)));
    }

    [Theory]
    [InlineData(AttributionModel.LastClick)]
    [InlineData(AttributionModel.FirstClick)]
    [InlineData(AttributionModel.Linear)]
    [InlineData(AttributionModel.PositionBased)]
    [InlineData(AttributionModel.TimeDecay)]
    public void Without_coupon_precedence_a_partners_own_coupon_merges_with_its_clicks_into_one_share(
        AttributionModel model
    )
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy { Model = model, CouponPrecedence = false },
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(2)), Click("c2", A, June(5))],
                CouponPartner = A,
            }
        );

        var share = Assert.Single(result.Shares);
        Assert.Equal(A, share.PartnerId);
        Assert.Equal(1m, share.Fraction);
    }

    // ---- S9: sharing a commission ----------------------------------------------------------------------------------

    [Fact]
    public void S9_a_ten_euro_commission_shared_linearly_by_three_partners_is_3_34_3_33_3_33()
    {
        var result = Attribute(
            Model(AttributionModel.Linear),
            June(6),
            Click("c1", A, June(1)),
            Click("c2", B, June(2)),
            Click("c3", C, June(3))
        );

        Assert.Equal([Eur(3.34m), Eur(3.33m), Eur(3.33m)], result.Split(Eur(10.00m)));
        Assert.Equal(
            "Shared equally by 3 clicks within the 30-day window: partner A 33.33%, partner B 33.33% and partner C "
                + "33.33%.",
            result.Describe()
        );
    }

    // ---- Models on three and four clicks ---------------------------------------------------------------------------

    private static readonly Click[] ThreeClicks =
    [
        Click("c1", A, June(1)),
        Click("c2", B, June(2)),
        Click("c3", C, June(3)),
    ];

    private static readonly Click[] FourClicks =
    [
        Click("c1", A, June(1)),
        Click("c2", B, June(2)),
        Click("c3", C, June(3)),
        Click("c4", D, June(4)),
    ];

    [Fact]
    public void Last_click_gives_everything_to_the_latest_click()
    {
        Assert.Equal([(C, 1m)], Weights(Attribute(Model(AttributionModel.LastClick), June(4), ThreeClicks)));
        Assert.Equal([(D, 1m)], Weights(Attribute(Model(AttributionModel.LastClick), June(5), FourClicks)));
    }

    [Fact]
    public void First_click_gives_everything_to_the_earliest_click()
    {
        Assert.Equal([(A, 1m)], Weights(Attribute(Model(AttributionModel.FirstClick), June(4), ThreeClicks)));
        Assert.Equal([(A, 1m)], Weights(Attribute(Model(AttributionModel.FirstClick), June(5), FourClicks)));
    }

    [Fact]
    public void Linear_weighs_every_click_equally()
    {
        var third = 1m / 3m;
        Assert.Equal(
            [(A, third), (B, third), (C, third)],
            Weights(Attribute(Model(AttributionModel.Linear), June(4), ThreeClicks))
        );
        Assert.Equal(
            [(A, 0.25m), (B, 0.25m), (C, 0.25m), (D, 0.25m)],
            Weights(Attribute(Model(AttributionModel.Linear), June(5), FourClicks))
        );
    }

    [Fact]
    public void Linear_counts_a_partner_clicked_twice_twice_in_one_share_with_its_latest_click()
    {
        var result = Attribute(
            Model(AttributionModel.Linear),
            June(6),
            Click("c1", A, June(1)),
            Click("c2", B, June(2)),
            Click("c3", A, June(3))
        );

        Assert.Equal([(A, 2m / 3m), (B, 1m / 3m)], Weights(result));
        Assert.Equal(new ClickId("c3"), result.Shares[0].ClickId);
        Assert.Equal(June(3), result.Shares[0].At);
        Assert.Equal([Eur(6.67m), Eur(3.33m)], result.Split(Eur(10m)));
    }

    [Fact]
    public void Position_based_gives_40_to_the_first_40_to_the_last_and_shares_the_rest_among_the_middle()
    {
        Assert.Equal(
            [(A, 0.4m), (B, 0.2m), (C, 0.4m)],
            Weights(Attribute(Model(AttributionModel.PositionBased), June(4), ThreeClicks))
        );
        Assert.Equal(
            [(A, 0.4m), (B, 0.1m), (C, 0.1m), (D, 0.4m)],
            Weights(Attribute(Model(AttributionModel.PositionBased), June(5), FourClicks))
        );
    }

    [Fact]
    public void Position_based_uses_the_policy_percentages()
    {
        var policy = new AttributionPolicy
        {
            Model = AttributionModel.PositionBased,
            PositionFirstPercent = 30m,
            PositionLastPercent = 50m,
        };

        var result = Attribute(policy, June(5), FourClicks);

        Assert.Equal([(A, 0.3m), (B, 0.1m), (C, 0.1m), (D, 0.5m)], Weights(result));
        Assert.Equal(
            "Position-based (30% to the first, 50% to the last, the rest to the middle) over 4 clicks within the "
                + "30-day window: partner A 30%, partner B 10%, partner C 10% and partner D 50%.",
            result.Describe()
        );
    }

    [Fact]
    public void Position_based_with_one_touch_gives_it_everything_and_with_two_splits_fifty_fifty()
    {
        var policy = Model(AttributionModel.PositionBased);

        Assert.Equal([(A, 1m)], Weights(Attribute(policy, June(5), Click("c1", A, June(1)))));
        Assert.Equal(
            [(A, 0.5m), (B, 0.5m)],
            Weights(Attribute(policy, June(5), Click("c1", A, June(1)), Click("c2", B, June(2))))
        );
    }

    [Fact]
    public void Position_based_adds_a_partners_first_and_middle_clicks()
    {
        var result = Attribute(
            Model(AttributionModel.PositionBased),
            June(5),
            Click("c1", A, June(1)),
            Click("c2", A, June(2)),
            Click("c3", C, June(3)),
            Click("c4", D, June(4))
        );

        Assert.Equal([(A, 0.5m), (C, 0.1m), (D, 0.4m)], Weights(result));
    }

    [Fact]
    public void Position_based_with_nothing_left_for_the_middle_credits_only_the_first_and_last()
    {
        var policy = new AttributionPolicy
        {
            Model = AttributionModel.PositionBased,
            PositionFirstPercent = 50m,
            PositionLastPercent = 50m,
        };

        Assert.Equal([(A, 0.5m), (D, 0.5m)], Weights(Attribute(policy, June(5), FourClicks)));
    }

    [Fact]
    public void Time_decay_halves_a_clicks_weight_every_half_life_before_the_conversion()
    {
        var policy = new AttributionPolicy
        {
            Model = AttributionModel.TimeDecay,
            TimeDecayHalfLife = Duration.FromDays(1),
        };

        Assert.Equal([(A, 0.125m), (B, 0.25m), (C, 0.5m)], Weights(Attribute(policy, June(4), ThreeClicks)));

        var four = Attribute(policy, June(5), FourClicks);
        Assert.Equal([(A, 0.0625m), (B, 0.125m), (C, 0.25m), (D, 0.5m)], Weights(four));
        Assert.Equal([1m / 15m, 2m / 15m, 4m / 15m, 8m / 15m], four.Shares.Select(s => s.Fraction));
        Assert.Equal(
            "Time decay with a 1-day half-life over 4 clicks within the 30-day window: partner A 6.67%, partner B "
                + "13.33%, partner C 26.67% and partner D 53.33%.",
            four.Describe()
        );
    }

    [Fact]
    public void Time_decay_weights_are_rounded_to_twelve_places()
    {
        var policy = new AttributionPolicy
        {
            Model = AttributionModel.TimeDecay,
            TimeDecayHalfLife = Duration.FromDays(7),
        };

        var result = Attribute(policy, June(8, 12), Click("c1", A, June(5)));

        Assert.Equal(0.707106781187m, Assert.Single(result.Shares).Weight);
    }

    [Fact]
    public void Time_decay_measures_from_the_latest_click_when_every_weight_would_round_to_zero()
    {
        var policy = new AttributionPolicy
        {
            Model = AttributionModel.TimeDecay,
            TimeDecayHalfLife = Duration.FromMinutes(1),
        };

        var result = Attribute(policy, June(20), Click("c1", A, June(1)), Click("c2", B, June(1, 0, 1)));

        Assert.Equal([(A, 0.5m), (B, 1m)], Weights(result));
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(1, "0.5")]
    [InlineData(2, "0.25")]
    [InlineData(40, "0.000000000001")]
    [InlineData(41, "0")]
    public void Time_decay_weight_of_whole_half_lives(int halfLives, string expected)
    {
        var halfLife = Duration.FromHours(5);

        Assert.Equal(
            decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            AttributionEngine.DecayWeight(halfLife * halfLives, halfLife)
        );
    }

    // ---- Lifetime customers ----------------------------------------------------------------------------------------

    [Fact]
    public void A_lifetime_binding_for_ever_beats_coupons_and_clicks()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy { LifetimeCustomers = true },
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(5))],
                CouponPartner = B,
                Binding = Binding(C, Instant.FromUtc(2020, 1, 1, 0, 0)),
            }
        );

        Assert.Equal(AttributionReason.CustomerBinding, result.Reason);
        var share = Assert.Single(result.Shares);
        Assert.Equal(C, share.PartnerId);
        Assert.Equal(TouchKind.CustomerBinding, share.Kind);
        Assert.Null(share.ClickId);
        Assert.Equal(1m, share.Fraction);
        Assert.Equal("Lifetime customer of partner C, bound since 2020-01-01T00:00:00Z for ever.", result.Describe());
    }

    [Fact]
    public void A_binding_for_twelve_months_applies_until_the_same_instant_a_year_later()
    {
        var policy = new AttributionPolicy { LifetimeCustomers = true, LifetimeMonths = 12 };
        var boundAt = Instant.FromUtc(2025, 6, 30, 12, 0);
        AttributionResult At(Instant t) =>
            AttributionEngine.Attribute(
                new AttributionRequest
                {
                    Policy = policy,
                    ConversionAt = t,
                    Clicks = [Click("c1", A, t - Duration.FromDays(1))],
                    Binding = Binding(C, boundAt),
                }
            );

        var last = At(Instant.FromUtc(2026, 6, 30, 11, 59, 59));
        var expired = At(Instant.FromUtc(2026, 6, 30, 12, 0));

        Assert.Equal(C, Assert.Single(last.Shares).PartnerId);
        Assert.Equal(
            "Lifetime customer of partner C, bound since 2025-06-30T12:00:00Z until 2026-06-30T12:00:00Z.",
            last.Describe()
        );
        Assert.Equal(AttributionReason.Clicks, expired.Reason);
        Assert.Equal(A, Assert.Single(expired.Shares).PartnerId);
    }

    [Fact]
    public void Binding_months_are_calendar_months_in_utc_clamped_to_the_end_of_a_shorter_month()
    {
        var policy = new AttributionPolicy { LifetimeCustomers = true, LifetimeMonths = 1 };
        var binding = Binding(C, Instant.FromUtc(2026, 1, 31, 10, 0));
        AttributionResult At(Instant t) =>
            AttributionEngine.Attribute(
                new AttributionRequest
                {
                    Policy = policy,
                    ConversionAt = t,
                    Binding = binding,
                }
            );

        Assert.Equal(AttributionReason.CustomerBinding, At(Instant.FromUtc(2026, 2, 28, 9, 59)).Reason);
        Assert.Equal(AttributionReason.None, At(Instant.FromUtc(2026, 2, 28, 10, 0)).Reason);
    }

    [Fact]
    public void An_expired_binding_leaves_the_coupon_or_the_clicks_to_decide()
    {
        var request = new AttributionRequest
        {
            Policy = new AttributionPolicy { LifetimeCustomers = true, LifetimeMonths = 6 },
            ConversionAt = June(6),
            Clicks = [Click("c1", A, June(5))],
            Binding = Binding(C, Instant.FromUtc(2025, 1, 1, 0, 0)),
        };

        Assert.Equal(A, Assert.Single(AttributionEngine.Attribute(request).Shares).PartnerId);
        Assert.Equal(
            B,
            Assert.Single(AttributionEngine.Attribute(request with { CouponPartner = B }).Shares).PartnerId
        );
    }

    [Fact]
    public void A_binding_is_ignored_when_the_program_has_no_lifetime_customers()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy { LifetimeCustomers = false },
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(5))],
                Binding = Binding(C, Instant.FromUtc(2026, 1, 1, 0, 0)),
            }
        );

        Assert.Equal(A, Assert.Single(result.Shares).PartnerId);
    }

    [Fact]
    public void A_binding_does_not_apply_to_a_conversion_before_it_was_made()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy { LifetimeCustomers = true },
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(5))],
                Binding = Binding(C, June(7)),
            }
        );

        Assert.Equal(A, Assert.Single(result.Shares).PartnerId);
    }

    [Fact]
    public void A_binding_to_the_customer_themselves_is_skipped()
    {
        var request = new AttributionRequest
        {
            Policy = new AttributionPolicy { LifetimeCustomers = true },
            ConversionAt = June(6),
            Binding = Binding(C, Instant.FromUtc(2026, 1, 1, 0, 0)),
            ExcludedPartners = new HashSet<PartnerId> { C },
        };

        Assert.Equal(AttributionReason.SelfReferral, AttributionEngine.Attribute(request).Reason);
        Assert.Equal(
            A,
            Assert
                .Single(AttributionEngine.Attribute(request with { Clicks = [Click("c1", A, June(5))] }).Shares)
                .PartnerId
        );
    }

    // ---- Self-referral ---------------------------------------------------------------------------------------------

    [Fact]
    public void Clicks_of_an_excluded_partner_earn_nothing_and_the_others_share_the_credit()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = Model(AttributionModel.Linear),
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(1)), Click("c2", B, June(2)), Click("c3", A, June(3))],
                ExcludedPartners = new HashSet<PartnerId> { A },
            }
        );

        Assert.Equal(AttributionReason.Clicks, result.Reason);
        Assert.Equal([(B, 1m)], Weights(result));
    }

    [Fact]
    public void When_only_the_customers_own_touches_were_candidates_the_reason_is_self_referral()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy(),
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(5))],
                CouponPartner = B,
                ExcludedPartners = new HashSet<PartnerId> { A, B },
            }
        );

        Assert.False(result.IsAttributed);
        Assert.Equal(AttributionReason.SelfReferral, result.Reason);
        Assert.Empty(result.Split(Eur(10m)));
        Assert.Equal(
            "No partner is credited: partner B and partner A are the customer (self-referral).",
            result.Describe()
        );
    }

    [Fact]
    public void An_excluded_coupon_partner_leaves_the_clicks_to_decide()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy(),
                ConversionAt = June(6),
                Clicks = [Click("c1", A, June(5))],
                CouponPartner = B,
                ExcludedPartners = new HashSet<PartnerId> { B },
            }
        );

        Assert.Equal(AttributionReason.Clicks, result.Reason);
        Assert.Equal(A, Assert.Single(result.Shares).PartnerId);
    }

    [Fact]
    public void An_excluded_partner_whose_click_could_not_have_counted_anyway_is_no_self_referral()
    {
        var result = AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = new AttributionPolicy(),
                ConversionAt = June(6),
                Clicks =
                [
                    Click("old", A, June(6) - Duration.FromDays(31)),
                    Click("rejected", A, June(5), attributable: false),
                    Click("later", A, June(7)),
                ],
                ExcludedPartners = new HashSet<PartnerId> { A },
            }
        );

        Assert.Equal(AttributionReason.None, result.Reason);
        Assert.StartsWith("No partner is credited: no coupon", result.Describe(), StringComparison.Ordinal);
    }

    // ---- Which clicks count ----------------------------------------------------------------------------------------

    [Fact]
    public void Clicks_that_are_not_attributable_are_ignored()
    {
        var result = Attribute(
            new AttributionPolicy(),
            June(6),
            Click("c1", A, June(1)),
            Click("c2", B, June(5), attributable: false)
        );

        Assert.Equal(A, Assert.Single(result.Shares).PartnerId);
    }

    [Fact]
    public void Clicks_after_the_conversion_are_ignored()
    {
        var result = Attribute(
            new AttributionPolicy(),
            June(6),
            Click("c1", A, June(1)),
            Click("c2", B, June(6) + Duration.Epsilon)
        );

        Assert.Equal(A, Assert.Single(result.Shares).PartnerId);
    }

    [Fact]
    public void The_window_includes_its_start_and_a_click_at_the_conversion_but_not_its_end()
    {
        var t = June(30);
        var window = Duration.FromDays(30);
        var policy = new AttributionPolicy { Window = window, Model = AttributionModel.Linear };

        var result = Attribute(
            policy,
            t,
            Click("at-end", A, t - window),
            Click("at-start", B, t - window + Duration.Epsilon),
            Click("at-conversion", C, t)
        );

        Assert.Equal([B, C], result.Shares.Select(s => s.PartnerId));
        Assert.Equal(AttributionReason.None, Attribute(policy, t, Click("at-end", A, t - window)).Reason);
    }

    [Fact]
    public void Clicks_at_the_same_instant_are_ordered_by_click_id_ordinally_whatever_the_input_order()
    {
        // Ordinal order puts "Z1" before "a1" (a culture-aware comparison would not).
        var tie = June(5);
        Click[] clicks = [Click("a1", A, tie), Click("Z1", B, tie)];

        foreach (var order in new[] { clicks, clicks.Reverse().ToArray() })
        {
            Assert.Equal(
                A,
                Assert.Single(Attribute(Model(AttributionModel.LastClick), June(6), order).Shares).PartnerId
            );
            Assert.Equal(
                B,
                Assert.Single(Attribute(Model(AttributionModel.FirstClick), June(6), order).Shares).PartnerId
            );
            Assert.Equal(
                [B, A],
                Attribute(Model(AttributionModel.Linear), June(6), order).Shares.Select(s => s.PartnerId)
            );
        }
    }

    [Fact]
    public void A_click_listed_twice_counts_once()
    {
        var click = Click("c1", A, June(1));

        var result = Attribute(Model(AttributionModel.Linear), June(6), click, click, Click("c2", B, June(2)));

        Assert.Equal([(A, 0.5m), (B, 0.5m)], Weights(result));
    }

    [Fact]
    public void No_clicks_no_coupon_and_no_binding_credit_nobody()
    {
        var result = Attribute(new AttributionPolicy(), June(6));

        Assert.False(result.IsAttributed);
        Assert.Equal(AttributionReason.None, result.Reason);
        Assert.Empty(result.Shares);
        Assert.Equal(
            "No partner is credited: no coupon, no customer binding in force and no attributable click within the "
                + "30-day window.",
            result.Describe()
        );
    }

    // ---- Coupon as a touch -----------------------------------------------------------------------------------------

    [Fact]
    public void Without_coupon_precedence_the_coupon_is_a_touch_at_the_conversion()
    {
        AttributionResult With(AttributionModel model) =>
            AttributionEngine.Attribute(
                new AttributionRequest
                {
                    Policy = new AttributionPolicy { Model = model, CouponPrecedence = false },
                    ConversionAt = June(6),
                    Clicks = [Click("c1", A, June(1)), Click("c2", A, June(6))],
                    CouponPartner = B,
                }
            );

        var last = With(AttributionModel.LastClick);
        var lastShare = Assert.Single(last.Shares);
        Assert.Equal(
            (B, TouchKind.Coupon, (ClickId?)null, June(6)),
            (lastShare.PartnerId, lastShare.Kind, lastShare.ClickId, lastShare.At)
        );
        Assert.Equal(AttributionReason.Clicks, last.Reason);
        Assert.Equal(
            "Last touch is the coupon of partner B, used on the order at 2026-06-06T00:00:00Z within the 30-day "
                + "window.",
            last.Describe()
        );

        Assert.Equal(A, Assert.Single(With(AttributionModel.FirstClick).Shares).PartnerId);

        var linear = With(AttributionModel.Linear);
        Assert.Equal([(A, 2m / 3m), (B, 1m / 3m)], Weights(linear));
        Assert.Equal(
            "Shared equally by 3 touches within the 30-day window: partner A 66.67% and partner B 33.33%.",
            linear.Describe()
        );
    }

    // ---- Shares, split and misuse ----------------------------------------------------------------------------------

    [Fact]
    public void Split_keeps_every_cent_of_a_time_decay_share_out()
    {
        var policy = new AttributionPolicy { Model = AttributionModel.TimeDecay };

        var parts = Attribute(
                policy,
                June(20),
                Click("c1", A, June(1)),
                Click("c2", B, June(9)),
                Click("c3", C, June(17))
            )
            .Split(Eur(99.99m));

        Assert.Equal(3, parts.Length);
        Assert.Equal(Eur(99.99m), Money.Sum(parts, Currency.EUR));
    }

    [Fact]
    public void Split_refuses_an_unrounded_amount()
    {
        var result = Attribute(new AttributionPolicy(), June(6), Click("c1", A, June(5)));

        Assert.Throws<InvalidOperationException>(() => result.Split(Eur(1.005m)));
        Assert.Throws<ArgumentException>(() => result.Split(default));
    }

    [Fact]
    public void A_share_needs_a_weight_above_zero()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttributionShare(A, 0m, TouchKind.Click, null));
        var share = new AttributionShare(A, 1m, TouchKind.Click, null);
        Assert.Throws<ArgumentOutOfRangeException>(() => share with { Weight = -1m });
    }

    public static TheoryData<AttributionPolicy, string> InvalidPolicies =>
        new()
        {
            {
                new AttributionPolicy { Window = Duration.Zero },
                "AttributionPolicy.Window"
            },
            {
                new AttributionPolicy
                {
                    Model = AttributionModel.PositionBased,
                    PositionFirstPercent = 60m,
                    PositionLastPercent = 50m,
                },
                "PositionLastPercent"
            },
            {
                new AttributionPolicy { Model = AttributionModel.PositionBased, PositionFirstPercent = -1m },
                "PositionFirstPercent"
            },
            {
                new AttributionPolicy { Model = AttributionModel.TimeDecay, TimeDecayHalfLife = Duration.Zero },
                "AttributionPolicy.TimeDecayHalfLife"
            },
            {
                new AttributionPolicy { LifetimeCustomers = true, LifetimeMonths = 0 },
                "AttributionPolicy.LifetimeMonths"
            },
            {
                new AttributionPolicy { Model = (AttributionModel)42 },
                "AttributionPolicy.Model"
            },
        };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void A_misconfigured_policy_throws_naming_the_setting(AttributionPolicy policy, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => Attribute(policy, June(6), Click("c1", A, June(5))));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_click_is_a_mistake()
    {
        Assert.Throws<ArgumentException>(() => Attribute(new AttributionPolicy(), June(6), new Click[] { null! }));
        Assert.Throws<ArgumentNullException>(() => AttributionEngine.Attribute(null!));
    }
}
