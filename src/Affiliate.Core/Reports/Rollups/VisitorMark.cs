namespace Affiliate;

/// <summary>
/// A visitor seen on a day by a partner's links (or the program's): stores keep each mark once, so that unique
/// visitors of any range of days are a distinct count over a table that grows with visitors, not with clicks.
/// </summary>
/// <param name="ProgramId">The program.</param>
/// <param name="PartnerId">The partner, or null for the program.</param>
/// <param name="Day">The day in the program's time zone.</param>
/// <param name="VisitorId">The visitor.</param>
public readonly record struct VisitorMark(ProgramId ProgramId, PartnerId? PartnerId, LocalDate Day, string VisitorId);
