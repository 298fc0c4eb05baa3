using Affiliate.Stores.Specification;
using Microsoft.Extensions.Localization;

namespace Affiliate.AspNetCore.Portal.Tests;

public sealed class PlanTermsTests
{
    [Fact]
    public void Every_kind_of_rule_reads_as_a_sentence_a_partner_understands()
    {
        var plan = SpecData.FullPlan();
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        IReadOnlyList<string> first,
            second;
        try
        {
            first = PlanTerms.Rules(plan.Versions[0], English.Instance);
            second = PlanTerms.Rules(plan.Versions[1], English.Instance);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        Assert.Contains("Default: 10%", first);
        Assert.Contains(first, s =>
            s.StartsWith("books: 0.50 EUR / item, for Influencer, Podcast-Host, in tier Gold", StringComparison.Ordinal)
            && s.Contains("first purchases", StringComparison.Ordinal)
            && s.Contains("orders with a coupon", StringComparison.Ordinal)
            && s.Contains("on books", StringComparison.Ordinal)
            && s.Contains("in DE, AT", StringComparison.Ordinal)
        );
        Assert.Contains(
            "tiered: from 0.00 of revenue: 5%; from 1,000.00 of revenue: 7.5%, counted the last 30 days, on sku-1",
            first
        );
        Assert.Contains(
            "Big month: a bonus of 100.00 EUR at the revenue of 5000 reached, counted this calendar month",
            first
        );
        Assert.Contains("subscriptions: 30% for 12 months, then 10%", second);
        Assert.Contains("cpl: 2.00 EUR per lead, for demo-booked", second);
        Assert.Contains("Level 2 (sales of partners you brought in): 5%", second);
        Assert.NotEmpty(PlanTerms.Tiers(plan.Versions[1], English.Instance));
    }

    /// <summary>The English text as the resources hold it: the key, formatted in the invariant culture.</summary>
    private sealed class English : IStringLocalizer
    {
        public static readonly English Instance = new();

        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
