using System.Globalization;

namespace Affiliate.Tests.Results;

public sealed class InputLimitsTests
{
    [Fact]
    public void Ids_and_codes_are_acceptable_up_to_their_limit_without_control_characters()
    {
        Assert.True(InputLimits.IsAcceptable(null, InputLimits.MaxIdLength));
        Assert.True(InputLimits.IsAcceptable(new string('x', InputLimits.MaxIdLength), InputLimits.MaxIdLength));
        Assert.False(InputLimits.IsAcceptable(new string('x', InputLimits.MaxIdLength + 1), InputLimits.MaxIdLength));
        Assert.False(InputLimits.IsAcceptable("order\01", InputLimits.MaxIdLength));
        Assert.False(InputLimits.IsAcceptable("order\n1", InputLimits.MaxIdLength));
    }

    [Fact]
    public void Free_text_is_cleaned_then_cut_never_refused()
    {
        Assert.Null(InputLimits.CleanFreeText(null, 10));
        Assert.Equal("Mozilla", InputLimits.CleanFreeText("Mo\0zil\tla", 10));
        Assert.Equal("abcde", InputLimits.CleanFreeText("ab\0cdefgh", 5));
        var ok = "Mozilla/5.0";
        Assert.Same(ok, InputLimits.CleanFreeText(ok, InputLimits.MaxUserAgentLength));
    }

    [Fact]
    public void The_limits_agree_with_the_id_types_and_referral_codes()
    {
        Assert.Equal(ReferralCode.MaxLength, InputLimits.MaxReferralCodeLength);
        Assert.Equal(InputLimits.MaxIdLength, new PartnerId(new string('p', InputLimits.MaxIdLength)).Value.Length);
        Assert.Throws<ArgumentException>(() => new PartnerId(new string('p', InputLimits.MaxIdLength + 1)));
    }

    [Theory]
    [InlineData("10000000000000", "EUR", true)] // 1e15 cents: the limit itself
    [InlineData("10000000000000.01", "EUR", false)]
    [InlineData("-10000000000000", "EUR", true)]
    [InlineData("1000000000000000", "JPY", true)] // no minor unit: 1e15 yen
    [InlineData("1000000000000001", "JPY", false)]
    [InlineData("1000000000000.001", "BHD", false)] // three digits: 1e12 dinars at most
    public void Amounts_are_storable_up_to_the_minor_unit_limit(string amount, string currency, bool storable) =>
        Assert.Equal(
            storable,
            InputLimits.IsStorable(Money.Of(decimal.Parse(amount, CultureInfo.InvariantCulture), currency))
        );

    [Fact]
    public void Amounts_at_the_edges_of_decimal_are_not_storable()
    {
        Assert.False(InputLimits.IsStorable(Money.Of(decimal.MaxValue, "EUR")));
        Assert.False(InputLimits.IsStorable(Money.Of(decimal.MinValue, "EUR")));
        Assert.False(InputLimits.IsStorable(Money.Of(1e17m, "EUR")));
    }

    [Fact]
    public void Instants_are_storable_from_1900_to_before_2200()
    {
        Assert.True(InputLimits.IsStorable(InputLimits.MinInstant));
        Assert.False(InputLimits.IsStorable(InputLimits.MinInstant - Duration.Epsilon));
        Assert.True(InputLimits.IsStorable(InputLimits.MaxInstant - Duration.Epsilon));
        Assert.False(InputLimits.IsStorable(InputLimits.MaxInstant));
        Assert.False(InputLimits.IsStorable(Instant.MinValue));
        Assert.False(InputLimits.IsStorable(Instant.MaxValue));
        Assert.False(InputLimits.IsStorable(Instant.FromUtc(9999, 12, 31, 0, 0)));
        Assert.True(InputLimits.IsStorable(Instant.FromUtc(2026, 3, 1, 0, 0)));
    }
}
