using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Partners;

public sealed class ReferralCodeTests
{
    private const string UrlSafeCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Theory]
    [InlineData("ANNA10")]
    [InlineData("anna10")]
    [InlineData("anna-10")]
    [InlineData("anna_10")]
    [InlineData("ab")]
    [InlineData("42")]
    [InlineData("--")]
    [InlineData("Summer_Sale-2025")]
    public void Parse_accepts_ASCII_letters_digits_hyphen_and_underscore(string text)
    {
        var code = ReferralCode.Parse(text);

        Assert.Equal(text, code.Value);
        Assert.Equal(text.ToUpperInvariant(), code.Normalized);
        Assert.Equal(text, code.ToString());
        Assert.Equal(text, Uri.EscapeDataString(code.Value));
    }

    [Fact]
    public void Parse_accepts_codes_of_exactly_2_and_64_characters()
    {
        Assert.Equal(2, ReferralCode.MinLength);
        Assert.Equal(64, ReferralCode.MaxLength);
        Assert.Equal("ab", ReferralCode.Parse("ab").Value);
        Assert.Equal(new string('x', 64), ReferralCode.Parse(new string('x', 64)).Value);
    }

    [Fact]
    public void Parse_trims_surrounding_whitespace()
    {
        var code = ReferralCode.Parse("  anna10\t");

        Assert.Equal("anna10", code.Value);
        Assert.Equal("ANNA10", code.Normalized);
    }

    [Theory]
    [InlineData("anna 10", ' ')]
    [InlineData("anna/10", '/')]
    [InlineData("anna?10", '?')]
    [InlineData("anna&10", '&')]
    [InlineData("anna=10", '=')]
    [InlineData("anna#10", '#')]
    [InlineData("anna%20", '%')]
    [InlineData("anna+10", '+')]
    [InlineData("anna.10", '.')]
    [InlineData("anna~10", '~')]
    [InlineData("anna\t10", '\t')]
    [InlineData("café10", 'é')]
    [InlineData("müller", 'ü')]
    [InlineData("straße", 'ß')]
    [InlineData("kıd", 'ı')]
    [InlineData("Аnna", 'А')] // Cyrillic A
    [InlineData("\uFF21\uFF22", '\uFF21')] // full-width A
    [InlineData("ab\u0661", '\u0661')] // Arabic-Indic digit one
    [InlineData("a\u212A", '\u212A')] // Kelvin sign, upper-cases like K in some comparers
    public void Parse_rejects_a_character_that_is_not_URL_safe_and_names_it(string text, char offending)
    {
        var error = Assert.Throws<ArgumentException>(() => ReferralCode.Parse(text));

        Assert.Equal("value", error.ParamName);
        Assert.Contains("only ASCII letters, digits, '-' and '_'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"contains '{offending}'", error.Message, StringComparison.Ordinal);
        Assert.False(ReferralCode.TryParse(text, out var code, out var problem));
        Assert.Equal(default, code);
        Assert.Contains($"'{offending}'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a")]
    [InlineData(" a ")]
    public void Parse_rejects_a_code_shorter_than_2_characters(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ReferralCode.Parse(text));

        Assert.Equal("value", error.ParamName);
        Assert.Contains("2 to 64 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_a_code_longer_than_64_characters()
    {
        var error = Assert.Throws<ArgumentException>(() => ReferralCode.Parse(new string('x', 65)));

        Assert.Contains("2 to 64 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_reports_a_missing_code_as_a_problem_rather_than_throwing()
    {
        Assert.False(ReferralCode.TryParse(null, out _, out var problem));
        Assert.Contains("2 to 64 characters", problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ReferralCode.Parse(null!));
    }

    [Fact]
    public void TryParse_returns_the_code_and_no_problem_for_a_valid_code()
    {
        Assert.True(ReferralCode.TryParse("anna10", out var code, out var problem));
        Assert.Null(problem);
        Assert.Equal("anna10", code.Value);
    }

    [Fact]
    public void Codes_are_equal_ignoring_case_and_keep_their_spelling()
    {
        var lower = ReferralCode.Parse("anna10");
        var upper = ReferralCode.Parse("ANNA10");
        var mixed = ReferralCode.Parse("Anna10");

        Assert.Equal(lower, upper);
        Assert.True(lower == mixed);
        Assert.False(lower != upper);
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.Equal("ANNA10", lower.Normalized);
        Assert.Equal(upper.Normalized, mixed.Normalized);
        Assert.Equal("anna10", lower.Value);
        Assert.Equal("Anna10", mixed.Value);
        Assert.Single(new HashSet<ReferralCode> { lower, upper, mixed });
    }

    [Fact]
    public void Different_codes_are_not_equal()
    {
        Assert.NotEqual(ReferralCode.Parse("anna10"), ReferralCode.Parse("anna11"));
        Assert.NotEqual(ReferralCode.Parse("anna-10"), ReferralCode.Parse("anna_10"));
        Assert.NotEqual(default, ReferralCode.Parse("ab"));
    }

    [Fact]
    public void Any_URL_safe_code_of_2_to_64_characters_parses_and_needs_no_escaping()
    {
        var codes = Gen.Choose(ReferralCode.MinLength, ReferralCode.MaxLength)
            .SelectMany(length => Gen.ArrayOf(Gen.Elements(UrlSafeCharacters.ToCharArray()), length))
            .Select(chars => new string(chars))
            .ToArbitrary();

        Property.Check(Prop.ForAll(codes, text =>
            {
                var code = ReferralCode.Parse(text);

                Assert.Equal(text, code.Value);
                Assert.Equal(text.ToUpperInvariant(), code.Normalized);
                Assert.Equal(text, Uri.EscapeDataString(code.Value));
                Assert.Equal(code, ReferralCode.Parse(text.ToLowerInvariant()));
            }));
    }

    [Fact]
    public void A_code_with_any_other_inner_character_is_rejected()
    {
        var unsafeCharacters = Gen.Choose(1, 0x2FFF)
            .Select(c => (char)c)
            .Where(c => !UrlSafeCharacters.Contains(c, StringComparison.Ordinal));
        var codes = Gen.Zip(unsafeCharacters, Gen.Choose(0, 10), (c, position) =>
                "ab".Insert(1, new string(c, 1)) + new string('x', position)
            )
            .ToArbitrary();

        Property.Check(Prop.ForAll(codes, text =>
            {
                Assert.False(ReferralCode.TryParse(text, out _, out var problem), $"'{text}' was accepted");
                Assert.Contains("only ASCII letters", problem, StringComparison.Ordinal);
            }));
    }
}
