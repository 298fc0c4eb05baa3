using System.Diagnostics.CodeAnalysis;

namespace Affiliate;

/// <summary>
/// The outcome of an operation: a value, or an <see cref="AffiliateError"/> for an expected failure (unknown code,
/// duplicate with other content, refund above the sale...). A failed operation wrote nothing.
/// </summary>
/// <remarks>
/// Bad input in a request (a body an HTTP layer deserialised: a missing part, an id too long, an amount out of range)
/// is an <see cref="AffiliateErrorCodes.InvalidRequest"/> failure naming the field. Misuse by the calling code throws
/// <see cref="ArgumentException"/>: a null request, or a <c>default(...)</c> id passed as an argument (an id struct
/// that was never constructed, such as <c>default(PartnerId)</c>).
/// </remarks>
/// <typeparam name="T">The value on success.</typeparam>
public sealed class AffiliateResult<T>
{
    private AffiliateResult(
        T? value,
        AffiliateError? error,
        bool alreadyRecorded,
        IReadOnlyList<AffiliateError>? warnings
    )
    {
        Value = value;
        Error = error;
        AlreadyRecorded = alreadyRecorded;
        Warnings = warnings ?? [];
    }

    /// <summary>True when the operation succeeded (or had already succeeded with the same content).</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The value; set when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The error; set when the operation failed.</summary>
    public AffiliateError? Error { get; }

    /// <summary>
    /// True when the same id with the same content was recorded before, so nothing changed this time.
    /// </summary>
    public bool AlreadyRecorded { get; }

    /// <summary>
    /// What a caller should know about a success, in the shape of errors: a click stored but never attributable
    /// (<see cref="AffiliateWarningCodes.ClickNotAttributable"/>). Empty for most results and for failures.
    /// </summary>
    public IReadOnlyList<AffiliateError> Warnings { get; }

    /// <summary>A success.</summary>
    public static AffiliateResult<T> Success(T value) => new(value, null, false, null);

    /// <summary>A success with warnings (see <see cref="Warnings"/>).</summary>
    public static AffiliateResult<T> Success(T value, IReadOnlyList<AffiliateError> warnings) =>
        new(value, null, false, warnings);

    /// <summary>A success that changed nothing because the same request was recorded before.</summary>
    public static AffiliateResult<T> Replayed(T value) => new(value, null, true, null);

    /// <summary>An expected failure.</summary>
    public static AffiliateResult<T> Failure(string code, string description) =>
        new(default, new AffiliateError(code, description), false, null);

    /// <summary>An expected failure.</summary>
    public static AffiliateResult<T> Failure(AffiliateError error) => new(default, error, false, null);

    /// <summary>The value, or an exception naming the error (for tests and scripts).</summary>
    public T GetValueOrThrow() =>
        Succeeded ? Value : throw new InvalidOperationException($"The operation failed: {Error}");

    /// <inheritdoc />
    public override string ToString() =>
        Succeeded
            ? $"Succeeded{(AlreadyRecorded ? " (already recorded)" : string.Empty)}: {Value}"
            : $"Failed: {Error}";
}

/// <summary>The stable codes of <see cref="AffiliateResult{T}.Warnings"/>.</summary>
public static class AffiliateWarningCodes
{
    /// <summary>
    /// The click was stored (reports count it) but can never earn credit: a fraud rule rejected it, for instance
    /// because it came without a user agent. The description names the rules.
    /// </summary>
    public const string ClickNotAttributable = "click_not_attributable";
}
