using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Affiliate.AspNetCore.Portal;

/// <summary>A plan version's terms as sentences a partner reads: rules, upline levels, bonuses and tiers.</summary>
internal static class PlanTerms
{
    public static IReadOnlyList<string> Rules(PlanVersion version, IStringLocalizer text)
    {
        var sentences = new List<string>();
        foreach (var rule in version.Rules.OrderByDescending(r => r.Priority))
        {
            var rate = rule.Rate is { } r ? Rate(r) : null;
            if (rule.Tiers is { } tiers)
            {
                var steps = string.Join(
                    "; ",
                    tiers.Steps.Select(s =>
                        tiers.Measure == TierMeasure.Count
                            ? text[
                                "from {0} conversions: {1}",
                                s.From.ToString("0.##", CultureInfo.CurrentCulture),
                                Rate(s.Rate)
                            ]
                            : text[
                                "from {0} of revenue: {1}",
                                s.From.ToString("N2", CultureInfo.CurrentCulture),
                                Rate(s.Rate)
                            ]
                    )
                );
                rate = text["{0}, counted {1}", steps, tiers.Window.Describe()];
            }

            if (rule.Recurring is { } recurring)
            {
                rate = Recurring(recurring, text);
            }

            if (rule.AppliesTo.Count == 1 && rule.AppliesTo[0] == ConversionKind.Lead && rate is not null)
            {
                rate = text["{0} per lead", rate];
            }

            var conditions = Conditions(rule.When, text);
            sentences.Add(
                conditions.Length == 0
                    ? text["{0}: {1}", rule.DisplayName, rate ?? "–"]
                    : text["{0}: {1}, {2}", rule.DisplayName, rate ?? "–", conditions]
            );
        }

        if (version.MultiLevel is { } multiLevel)
        {
            foreach (var level in multiLevel.Levels)
            {
                sentences.Add(text["Level {0} (sales of partners you brought in): {1}", level.Level, Rate(level.Rate)]);
            }
        }

        foreach (var bonus in version.Bonuses)
        {
            sentences.Add(
                text[
                    "{0}: a bonus of {1} at the {2}, counted {3}",
                    bonus.Name ?? bonus.Id,
                    PortalFormat.Money(bonus.Reward),
                    bonus.Milestone.Describe(),
                    bonus.Window.Describe()
                ]
            );
        }

        return sentences;
    }

    public static IReadOnlyList<(PartnerTier Tier, string Criteria)> Tiers(
        PlanVersion version,
        IStringLocalizer text
    ) =>
        version.PerformanceTiers is { } policy
            ? policy.Levels.Select(l => (l.Tier, Criteria(l.PromoteWhen, text))).ToArray()
            : [];

    public static string Criteria(PerformanceCriteria criteria, IStringLocalizer text)
    {
        var parts = new List<string>();
        if (criteria.MinConversions is { } conversions)
        {
            parts.Add(text["at least {0} conversions", conversions]);
        }

        if (criteria.MinRevenue is { } revenue)
        {
            parts.Add(text["revenue of at least {0}", revenue.ToString("N2", CultureInfo.CurrentCulture)]);
        }

        if (criteria.MinConversionRatePercent is { } rate)
        {
            parts.Add(text["a conversion rate of at least {0}%", rate.ToString("0.##", CultureInfo.CurrentCulture)]);
        }

        if (criteria.MinAverageOrderValue is { } aov)
        {
            parts.Add(text["an average order of at least {0}", aov.ToString("N2", CultureInfo.CurrentCulture)]);
        }

        if (criteria.MaxRefundRatePercent is { } refunds)
        {
            parts.Add(text["refunds of at most {0}%", refunds.ToString("0.##", CultureInfo.CurrentCulture)]);
        }

        return parts.Count == 0 ? text["open to every partner"] : string.Join(", ", parts);
    }

    private static string Recurring(RecurringSchedule schedule, IStringLocalizer text) =>
        string.Join(
            text[", then "],
            schedule.Steps.Select(step =>
                step.For is not { } count
                    ? Rate(step.Rate)
                    : schedule.Unit switch
                    {
                        RecurringUnit.Months => text["{0} for {1} months", Rate(step.Rate), count],
                        RecurringUnit.Renewals => text["{0} for {1} renewals", Rate(step.Rate), count],
                        _ => text["{0} for {1} payments", Rate(step.Rate), count],
                    }
            )
        );

    private static string Conditions(RuleConditions when, IStringLocalizer text)
    {
        var parts = new List<string>();
        if (when.Segments.Count > 0)
        {
            parts.Add(text["for {0}", string.Join(", ", when.Segments.Select(s => PortalText.Segment(text, s)))]);
        }

        if (when.Tiers.Count > 0)
        {
            parts.Add(text["in tier {0}", string.Join(", ", when.Tiers.Select(t => t.Name))]);
        }

        if (when.NewCustomer is { } isNew)
        {
            parts.Add(isNew ? text["new customers only"] : text["returning customers only"]);
        }

        if (when.SaleType != SaleType.Any)
        {
            parts.Add(when.SaleType == SaleType.New ? text["first purchases"] : text["subscription renewals"]);
        }

        if (when.EventNames.Count > 0)
        {
            parts.Add(text["for {0}", string.Join(", ", when.EventNames)]);
        }

        if (when.CouponUsed is { } coupon)
        {
            parts.Add(coupon ? text["orders with a coupon"] : text["orders without a coupon"]);
        }

        if (when.Products.Count > 0 || when.Categories.Count > 0)
        {
            parts.Add(text["on {0}", string.Join(", ", when.Products.Concat(when.Categories))]);
        }

        if (when.Countries.Count > 0)
        {
            parts.Add(text["in {0}", string.Join(", ", when.Countries)]);
        }

        return string.Join(", ", parts);
    }

    public static string Rate(CommissionRate rate) =>
        rate switch
        {
            PercentRate percent => percent.Value.ToString("0.##", CultureInfo.CurrentCulture) + "%",
            FlatRate flat => PortalFormat.Money(flat.Amount),
            FlatPerItemRate item => PortalFormat.Money(item.Amount) + " / item",
            _ => rate.Describe(),
        };
}
