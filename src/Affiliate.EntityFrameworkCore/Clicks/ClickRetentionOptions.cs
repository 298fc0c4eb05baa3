namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Settings of the <c>click-partitions</c> and <c>retention</c> jobs (registered by <c>UseEntityFrameworkCore</c>),
/// set with <c>.ConfigureClickRetention(o => ...)</c>.
/// </summary>
public sealed class ClickRetentionOptions
{
    /// <summary>
    /// How long clicks are kept; older ones are deleted (whole monthly partitions dropped on PostgreSQL). Null (the
    /// default) keeps them for ever and the <c>retention</c> job does nothing. Rollups, visitor counts and conversions
    /// are kept whatever this says. Keep at least the attribution window.
    /// </summary>
    public Duration? KeepFor { get; set; }

    /// <summary>How many months after the current one get their partition ahead of time (PostgreSQL). Default
    /// 3.</summary>
    public int MonthsAhead { get; set; } = 3;

    /// <summary>Every problem with these options, each saying what to change; empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (KeepFor is { } keep && keep < Duration.FromDays(1))
        {
            yield return $"ClickRetentionOptions.KeepFor is {keep}; keep clicks at least a day (and at least the "
                + "attribution window), e.g. Duration.FromDays(400), or null to keep them for ever.";
        }

        if (MonthsAhead is < 0 or > 1200)
        {
            yield return $"ClickRetentionOptions.MonthsAhead is {MonthsAhead}; set 0 to 1200 (3 by default).";
        }
    }
}
