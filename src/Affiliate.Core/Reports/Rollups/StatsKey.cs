namespace Affiliate;

/// <summary>Identifies one row of the daily rollups.</summary>
/// <param name="ProgramId">The program.</param>
/// <param name="PartnerId">The partner, or null for the program's own row (each conversion counted once).</param>
/// <param name="Day">The day in the program's time zone.</param>
/// <param name="Dimension">What the row breaks down by.</param>
/// <param name="Value">The sub-id or link value; empty for <see cref="StatsDimension.Total"/> and for missing
/// values.</param>
public readonly record struct StatsKey(
    ProgramId ProgramId,
    PartnerId? PartnerId,
    LocalDate Day,
    StatsDimension Dimension,
    string Value
);
