namespace Affiliate;

/// <summary>
/// The outcome of an operation: a value, or an <see cref="AffiliateError"/> for an expected failure (unknown code,
/// duplicate with other content, refund above the sale...). Misuse (null arguments, missing registration) throws.
/// </summary>
/// <typeparam name="T">The value on success.</typeparam>
public sealed class AffiliateResult<T>
{
    private AffiliateResult(T? value, AffiliateError? error, bool alreadyRecorded)
    {
        Value = value;
        Error = error;
        AlreadyRecorded = alreadyRecorded;
    }

    /// <summary>True when the operation succeeded (or had already succeeded with the same content).</summary>
    public bool Succeeded => Error is null;

    /// <summary>The value; set when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The error; set when the operation failed.</summary>
    public AffiliateError? Error { get; }

    /// <summary>True when the same id with the same content was recorded before, so nothing changed this time.</summary>
    public bool AlreadyRecorded { get; }

    /// <summary>A success.</summary>
    public static AffiliateResult<T> Success(T value) => new(value, null, false);

    /// <summary>A success that changed nothing because the same request was recorded before.</summary>
    public static AffiliateResult<T> Replayed(T value) => new(value, null, true);

    /// <summary>An expected failure.</summary>
    public static AffiliateResult<T> Failure(string code, string description) => new(default, new AffiliateError(code, description), false);

    /// <summary>An expected failure.</summary>
    public static AffiliateResult<T> Failure(AffiliateError error) => new(default, error, false);

    /// <summary>The value, or an exception naming the error (for tests and scripts).</summary>
    public T GetValueOrThrow() => Succeeded ? Value! : throw new InvalidOperationException($"The operation failed: {Error}");

    /// <inheritdoc />
    public override string ToString() => Succeeded ? $"Succeeded{(AlreadyRecorded ? " (already recorded)" : string.Empty)}: {Value}" : $"Failed: {Error}";
}
