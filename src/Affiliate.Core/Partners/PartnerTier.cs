namespace Affiliate;

/// <summary>
/// A named performance tier (bronze, silver, gold...) that a partner holds and plan conditions can match.
/// Compared case-insensitively.
/// </summary>
public readonly record struct PartnerTier
{
    /// <summary>Creates a tier by name.</summary>
    public PartnerTier(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }

    /// <summary>The tier's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public bool Equals(PartnerTier other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode() => Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name ?? string.Empty;
}
