namespace Affiliate;

/// <summary>
/// A position in a list's order (newest first): the instant the list sorts by, in whole ticks, and the row's id as
/// the tie-breaker. Stores return the rows after it; <see cref="CursorProtector"/> turns it into a cursor and back.
/// </summary>
/// <param name="At">The row's sort instant (occurred, created or joined), truncated to whole ticks (100 ns).</param>
/// <param name="Id">The row's id, compared ordinally (by its UTF-8 bytes).</param>
public readonly record struct ListPosition(Instant At, string Id)
{
    /// <summary>The position of a row: its instant truncated to whole ticks, as stores keep instants.</summary>
    public static ListPosition Of(Instant at, string id) => new(Instant.FromUnixTimeTicks(at.ToUnixTimeTicks()), id);

    /// <summary>True when a row with this instant and id sorts after the position (newest first, then by id).</summary>
    internal bool Precedes(Instant at, string id)
    {
        var ticks = at.ToUnixTimeTicks();
        var own = At.ToUnixTimeTicks();
        return ticks < own || (ticks == own && IdOrder.Instance.Compare(id, Id) < 0);
    }
}
