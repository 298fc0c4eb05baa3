namespace Affiliate.Tests.Identifiers;

/// <summary>
/// Ids bind from routes and query strings (<see cref="ISpanParsable{TSelf}"/>): what a constructor accepts parses to
/// the same id, what it refuses is a false TryParse or a <see cref="FormatException"/>, never another exception.
/// </summary>
public sealed class IdParsingTests
{
    public static TheoryData<string> Valid => new() { "anna", "order-1001", "ptr_0197", new string('x', 128), "é ü" };

    public static TheoryData<string?> Invalid =>
        new() { null, string.Empty, "   ", "a\0b", "tab\there", new string('x', 129) };

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_id_parses_to_what_its_constructor_makes(string text)
    {
        AssertParses(text, t => new PartnerId(t));
        AssertParses(text, t => new ProgramId(t));
        AssertParses(text, t => new PlanId(t));
        AssertParses(text, t => new ConversionId(t));
        AssertParses(text, t => new ClickId(t));
        AssertParses(text, t => new CommissionLineId(t));
        AssertParses(text, t => new PayoutId(t));
        AssertParses(text, t => new CustomerId(t));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_id_is_a_false_TryParse_and_a_FormatException(string? text)
    {
        AssertRefused<PartnerId>(text);
        AssertRefused<ProgramId>(text);
        AssertRefused<PlanId>(text);
        AssertRefused<ConversionId>(text);
        AssertRefused<ClickId>(text);
        AssertRefused<CommissionLineId>(text);
        AssertRefused<PayoutId>(text);
        AssertRefused<CustomerId>(text);
    }

    [Fact]
    public void A_new_id_round_trips_through_its_text()
    {
        var id = PayoutId.New();
        Assert.Equal(id, PayoutId.Parse(id.ToString()));
        Assert.Equal(id, PayoutId.Parse(id.ToString().AsSpan()));
    }

    private static void AssertParses<TId>(string text, Func<string, TId> construct)
        where TId : struct, ISpanParsable<TId>
    {
        var expected = construct(text);
        Assert.Equal(expected, TId.Parse(text, null));
        Assert.True(TId.TryParse(text, null, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.True(TId.TryParse(text.AsSpan(), null, out var spanParsed));
        Assert.Equal(expected, spanParsed);
    }

    private static void AssertRefused<TId>(string? text)
        where TId : struct, ISpanParsable<TId>
    {
        Assert.False(TId.TryParse(text, null, out var parsed));
        Assert.Equal(default, parsed);
        Assert.False(TId.TryParse(text.AsSpan(), null, out _));
        if (text is null)
        {
            Assert.Throws<ArgumentNullException>(() => ParseText<TId>(null!));
        }
        else
        {
            Assert.Throws<FormatException>(() => ParseText<TId>(text));
            Assert.Throws<FormatException>(() => TId.Parse(text.AsSpan(), null));
        }
    }

    // Through IParsable only, so the string overload is the one called (a string also converts to a span).
    private static TId ParseText<TId>(string text)
        where TId : IParsable<TId> => TId.Parse(text, null);
}
