namespace Affiliate;

/// <summary>
/// One page of a list: its items in the list's order and the cursor of the next page.
/// </summary>
/// <remarks>
/// <para>
/// Lists page by keyset: every list has a total order (newest first: its instant descending, then its id descending
/// in ordinal order of the id's UTF-8 bytes), and a cursor holds the position of the last item of its page. The next
/// page starts right after that position, whatever was written meanwhile, so paging through a list never skips or
/// repeats a row that existed when paging began.
/// </para>
/// <para>
/// Rows written while a client pages appear only if they sort after the cursor. New rows are usually stamped now,
/// so they sort before the first page and are not seen until the list is read again from its start; a row written
/// with an older instant (an imported conversion, a click recorded late) shows up on a later page if it sorts there.
/// </para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">At most the requested number of items, in the list's order.</param>
/// <param name="NextCursor">The cursor of the next page, or null when this page is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>True when there is a next page (<see cref="NextCursor"/> is set).</summary>
    public bool HasMore => NextCursor is not null;
}
