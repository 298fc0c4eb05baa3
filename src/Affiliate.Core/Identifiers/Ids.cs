using System.Diagnostics.CodeAnalysis;

namespace Affiliate;

/// <summary>
/// Identifies a partner (the host's own id for the partner, or one made with New()). Compared ordinally; at most 128
/// characters.
/// </summary>
public readonly record struct PartnerId : ISpanParsable<PartnerId>, IIdentifier<PartnerId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public PartnerId(string value) => Value = Identifier.Validate(value, nameof(PartnerId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>ptr_3f2a...</c>.</summary>
    public static PartnerId New() => new(Identifier.NewValue("ptr"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static PartnerId Parse(string s, IFormatProvider? provider = null) => Identifier.Parse<PartnerId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PartnerId result) =>
        Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static PartnerId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<PartnerId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out PartnerId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out PartnerId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static PartnerId IIdentifier<PartnerId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// Identifies an affiliate program (a host may run several, per brand or product line). Compared ordinally; at most 128
/// characters.
/// </summary>
public readonly record struct ProgramId : ISpanParsable<ProgramId>, IIdentifier<ProgramId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public ProgramId(string value) => Value = Identifier.Validate(value, nameof(ProgramId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>prg_3f2a...</c>.</summary>
    public static ProgramId New() => new(Identifier.NewValue("prg"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static ProgramId Parse(string s, IFormatProvider? provider = null) => Identifier.Parse<ProgramId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ProgramId result) =>
        Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static ProgramId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<ProgramId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out ProgramId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ProgramId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static ProgramId IIdentifier<ProgramId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a commission plan. Compared ordinally; at most 128 characters.</summary>
public readonly record struct PlanId : ISpanParsable<PlanId>, IIdentifier<PlanId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public PlanId(string value) => Value = Identifier.Validate(value, nameof(PlanId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>pln_3f2a...</c>.</summary>
    public static PlanId New() => new(Identifier.NewValue("pln"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static PlanId Parse(string s, IFormatProvider? provider = null) => Identifier.Parse<PlanId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PlanId result) =>
        Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static PlanId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<PlanId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out PlanId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out PlanId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static PlanId IIdentifier<PlanId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// Identifies a conversion: the host's order, lead or event id, the key that makes recording idempotent. Compared
/// ordinally; at most 128 characters.
/// </summary>
public readonly record struct ConversionId : ISpanParsable<ConversionId>, IIdentifier<ConversionId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public ConversionId(string value) => Value = Identifier.Validate(value, nameof(ConversionId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>cnv_3f2a...</c>.</summary>
    public static ConversionId New() => new(Identifier.NewValue("cnv"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static ConversionId Parse(string s, IFormatProvider? provider = null) => Identifier.Parse<ConversionId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ConversionId result) =>
        Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static ConversionId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<ConversionId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out ConversionId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ConversionId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static ConversionId IIdentifier<ConversionId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a recorded click. Compared ordinally; at most 128 characters.</summary>
public readonly record struct ClickId : ISpanParsable<ClickId>, IIdentifier<ClickId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public ClickId(string value) => Value = Identifier.Validate(value, nameof(ClickId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>clk_3f2a...</c>.</summary>
    public static ClickId New() => new(Identifier.NewValue("clk"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static ClickId Parse(string s, IFormatProvider? provider = null) => Identifier.Parse<ClickId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ClickId result) =>
        Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static ClickId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<ClickId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out ClickId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ClickId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static ClickId IIdentifier<ClickId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a commission line in the ledger. Compared ordinally; at most 128 characters.</summary>
public readonly record struct CommissionLineId : ISpanParsable<CommissionLineId>, IIdentifier<CommissionLineId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public CommissionLineId(string value) => Value = Identifier.Validate(value, nameof(CommissionLineId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>cml_3f2a...</c>.</summary>
    public static CommissionLineId New() => new(Identifier.NewValue("cml"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static CommissionLineId Parse(string s, IFormatProvider? provider = null) =>
        Identifier.Parse<CommissionLineId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? s,
        IFormatProvider? provider,
        out CommissionLineId result
    ) => Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static CommissionLineId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<CommissionLineId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out CommissionLineId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out CommissionLineId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static CommissionLineId IIdentifier<CommissionLineId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a payout. Compared ordinally; at most 128 characters.</summary>
public readonly record struct PayoutId : ISpanParsable<PayoutId>, IIdentifier<PayoutId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public PayoutId(string value) => Value = Identifier.Validate(value, nameof(PayoutId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>pay_3f2a...</c>.</summary>
    public static PayoutId New() => new(Identifier.NewValue("pay"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static PayoutId Parse(string s, IFormatProvider? provider = null) => Identifier.Parse<PayoutId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PayoutId result) =>
        Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static PayoutId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<PayoutId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out PayoutId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out PayoutId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static PayoutId IIdentifier<PayoutId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// Identifies the host's customer (for lifetime attribution and self-referral checks). Compared ordinally; at most 128
/// characters.
/// </summary>
public readonly record struct CustomerId : ISpanParsable<CustomerId>, IIdentifier<CustomerId>
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public CustomerId(string value) => Value = Identifier.Validate(value, nameof(CustomerId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>cus_3f2a...</c>.</summary>
    public static CustomerId New() => new(Identifier.NewValue("cus"));

    /// <summary>Parses an id (route and query binding); <see cref="FormatException"/> when it is not one.</summary>
    public static CustomerId Parse(string s, IFormatProvider? provider = null) => Identifier.Parse<CustomerId>(s);

    /// <summary>Parses an id; false when it is empty, too long or holds control characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out CustomerId result) =>
        Identifier.TryParse(s, out result);

    /// <inheritdoc cref="Parse(string, IFormatProvider?)"/>
    public static CustomerId Parse(ReadOnlySpan<char> s, IFormatProvider? provider = null) =>
        Identifier.Parse<CustomerId>(s.ToString());

    /// <inheritdoc cref="TryParse(string?, IFormatProvider?, out CustomerId)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out CustomerId result) =>
        Identifier.TryParse(s.ToString(), out result);

    static CustomerId IIdentifier<CustomerId>.Create(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
