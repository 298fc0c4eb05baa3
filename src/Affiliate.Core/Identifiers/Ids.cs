namespace Affiliate;

/// <summary>Identifies a partner (the host's own id for the partner, or one made with New()). Compared ordinally; at most 128 characters.</summary>
public readonly record struct PartnerId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public PartnerId(string value) => Value = Identifier.Validate(value, nameof(PartnerId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>ptr_3f2a...</c>.</summary>
    public static PartnerId New() => new(Identifier.NewValue("ptr"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies an affiliate program (a host may run several, per brand or product line). Compared ordinally; at most 128 characters.</summary>
public readonly record struct ProgramId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public ProgramId(string value) => Value = Identifier.Validate(value, nameof(ProgramId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>prg_3f2a...</c>.</summary>
    public static ProgramId New() => new(Identifier.NewValue("prg"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a commission plan. Compared ordinally; at most 128 characters.</summary>
public readonly record struct PlanId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public PlanId(string value) => Value = Identifier.Validate(value, nameof(PlanId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>pln_3f2a...</c>.</summary>
    public static PlanId New() => new(Identifier.NewValue("pln"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a conversion: the host's order, lead or event id, the key that makes recording idempotent. Compared ordinally; at most 128 characters.</summary>
public readonly record struct ConversionId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public ConversionId(string value) => Value = Identifier.Validate(value, nameof(ConversionId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>cnv_3f2a...</c>.</summary>
    public static ConversionId New() => new(Identifier.NewValue("cnv"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a recorded click. Compared ordinally; at most 128 characters.</summary>
public readonly record struct ClickId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public ClickId(string value) => Value = Identifier.Validate(value, nameof(ClickId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>clk_3f2a...</c>.</summary>
    public static ClickId New() => new(Identifier.NewValue("clk"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a commission line in the ledger. Compared ordinally; at most 128 characters.</summary>
public readonly record struct CommissionLineId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public CommissionLineId(string value) => Value = Identifier.Validate(value, nameof(CommissionLineId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>cml_3f2a...</c>.</summary>
    public static CommissionLineId New() => new(Identifier.NewValue("cml"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies a payout. Compared ordinally; at most 128 characters.</summary>
public readonly record struct PayoutId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public PayoutId(string value) => Value = Identifier.Validate(value, nameof(PayoutId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>pay_3f2a...</c>.</summary>
    public static PayoutId New() => new(Identifier.NewValue("pay"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Identifies the host's customer (for lifetime attribution and self-referral checks). Compared ordinally; at most 128 characters.</summary>
public readonly record struct CustomerId
{
    /// <summary>Wraps an existing id.</summary>
    /// <exception cref="ArgumentException">The value is empty, too long or contains control characters.</exception>
    public CustomerId(string value) => Value = Identifier.Validate(value, nameof(CustomerId));

    /// <summary>The id as text.</summary>
    public string Value { get; }

    /// <summary>A new unique id, such as <c>cus_3f2a...</c>.</summary>
    public static CustomerId New() => new(Identifier.NewValue("cus"));

    /// <inheritdoc />
    public override string ToString() => Value;
}
