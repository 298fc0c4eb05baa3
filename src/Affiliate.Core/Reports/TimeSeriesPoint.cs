namespace Affiliate;

/// <summary>One day of a dashboard chart: clicks, credited conversions, revenue and earnings.</summary>
/// <param name="Day">The day in the program's time zone.</param>
/// <param name="Clicks">Clicks that day.</param>
/// <param name="Conversions">Credited conversions that occurred that day.</param>
/// <param name="Revenue">Their revenue (a partner's part, in a partner's series).</param>
/// <param name="Earnings">Commission earned on them and still standing (pending, held, approved or paid).</param>
public sealed record TimeSeriesPoint(LocalDate Day, int Clicks, int Conversions, Money Revenue, Money Earnings);
