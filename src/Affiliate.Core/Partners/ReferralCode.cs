using System.Diagnostics.CodeAnalysis;

namespace Affiliate;

/// <summary>
/// A code a partner shares in links (<c>?ref=ANNA10</c>) or as a coupon. URL-safe (ASCII letters, digits, '-' and
/// '_', 2 to 64 characters) so it never needs escaping; compared case-insensitively, so <c>anna10</c> and
/// <c>ANNA10</c> are the same code and cannot belong to two partners. <see cref="Normalized"/> is the unique key a
/// store indexes.
/// </summary>
public readonly record struct ReferralCode
{
    /// <summary>The shortest code accepted.</summary>
    public const int MinLength = 2;

    /// <summary>The longest code accepted.</summary>
    public const int MaxLength = 64;

    private ReferralCode(string value)
    {
        Value = value;
        Normalized = value.ToUpperInvariant();
    }

    /// <summary>The code as the partner chose it (its spelling is kept for display).</summary>
    public string Value { get; }

    /// <summary>The upper-case form used for comparison and as the unique key.</summary>
    public string Normalized { get; }

    /// <summary>Validates and wraps a code.</summary>
    /// <exception cref="ArgumentException">The code is not URL-safe or has the wrong length; the message says
    /// which.</exception>
    public static ReferralCode Parse(string value) =>
        TryParse(value, out var code, out var problem) ? code : throw new ArgumentException(problem, nameof(value));

    /// <summary>Validates a code; <paramref name="problem"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? value, out ReferralCode code, [NotNullWhen(false)] out string? problem)
    {
        code = default;

        // A refused value is named in the problem, cut so that a huge one does not come back in full.
        var shown = value is { Length: > MaxLength } ? value[..MaxLength] + "..." : value;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length < MinLength || trimmed.Length > MaxLength)
        {
            problem = $"A referral code has {MinLength} to {MaxLength} characters; '{shown}' does not.";
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                problem =
                    "A referral code may contain only ASCII letters, digits, '-' and '_' so that it is safe in "
                    + $"a URL; '{shown}' contains '{c}'.";
                return false;
            }
        }

        code = new ReferralCode(trimmed);
        problem = null;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ReferralCode other) => string.Equals(Normalized, other.Normalized, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => Normalized is null ? 0 : StringComparer.Ordinal.GetHashCode(Normalized);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
