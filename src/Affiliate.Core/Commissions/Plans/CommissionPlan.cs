namespace Affiliate;

/// <summary>
/// A commission plan: a name, a currency and its versions over time. Immutable: add a version with
/// <see cref="AddVersion"/>, which refuses to start in the past so that history is never rewritten.
/// Check a plan with <see cref="PlanValidator"/> before use. Thread-safe.
/// </summary>
public sealed record CommissionPlan
{
    private readonly PlanVersion[] _versions = [];
    private readonly Instant[] _starts = [];

    /// <summary>The plan's id.</summary>
    public required PlanId Id { get; init; }

    /// <summary>The plan's name, shown in explanations.</summary>
    public required string Name { get; init; }

    /// <summary>The currency flat amounts and revenue thresholds are in; conversions are priced in it.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The versions, ordered by <see cref="PlanVersion.EffectiveFrom"/>.</summary>
    public required IReadOnlyList<PlanVersion> Versions
    {
        get => _versions;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var ordered = value.OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Number).ToArray();
            _versions = ordered;
            _starts = ordered.Select(v => v.EffectiveFrom).ToArray();
        }
    }

    /// <summary>
    /// The version in force at an instant: the last one starting at or before it, unless that one has an explicit
    /// end at or before the instant. Null when no version is in force (before the first, or in a gap).
    /// </summary>
    public PlanVersion? VersionAt(Instant instant)
    {
        // Pricing asks on every call, nearly always about the newest version: check it before searching.
        int index;
        if (_starts.Length > 0 && _starts[^1] <= instant)
        {
            index = _starts.Length - 1;
        }
        else
        {
            index = Array.BinarySearch(_starts, instant);
            if (index < 0)
            {
                index = ~index - 1;
            }
            else
            {
                // Several versions may share a start (validation reports it); take the last of them consistently.
                while (index + 1 < _starts.Length && _starts[index + 1] == instant)
                {
                    index++;
                }
            }
        }

        if (index < 0)
        {
            return null;
        }

        var version = _versions[index];
        return version.EffectiveUntil is { } until && instant >= until ? null : version;
    }

    /// <summary>
    /// Returns the plan with a new version appended. It must start at or after <paramref name="now"/> and after every
    /// existing version, so conversions already priced keep the version they were priced by.
    /// </summary>
    /// <exception cref="InvalidOperationException">The version starts in the past or before the current last
    /// version.</exception>
    public CommissionPlan AddVersion(PlanVersion version, Instant now)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.EffectiveFrom < now)
        {
            throw new InvalidOperationException(
                $"Version {version.Number} of plan '{Name}' would start at {version.EffectiveFrom}, before now "
                    + $"({now}). A new version cannot rewrite history; start it now or later."
            );
        }

        if (_versions.Length > 0 && version.EffectiveFrom <= _versions[^1].EffectiveFrom)
        {
            throw new InvalidOperationException(
                $"Version {version.Number} of plan '{Name}' must start after version {_versions[^1].Number} "
                    + $"({_versions[^1].EffectiveFrom})."
            );
        }

        return this with
        {
            Versions = [.. _versions, version],
        };
    }
}
