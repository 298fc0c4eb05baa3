namespace Affiliate;

/// <summary>
/// Which page of a list to read: the first one (no <see cref="Cursor"/>) or the one after the cursor a previous page
/// returned, and at most how many items. Every list of the library pages this way; see <see cref="Page{T}"/>.
/// </summary>
/// <example><code>
/// var first = await lists.ConversionsAsync(new ConversionListFilter { ProgramId = program }, new PageRequest());
/// var second = await lists.ConversionsAsync(new ConversionListFilter { ProgramId = program },
///     new PageRequest { Cursor = first.Value!.NextCursor });
/// </code></example>
public sealed record PageRequest
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultSize = 50;

    /// <summary>The largest page served; a larger <see cref="Size"/> is served as this many items.</summary>
    public const int MaxSize = 500;

    /// <summary>
    /// The <see cref="Page{T}.NextCursor"/> of the previous page, passed back unchanged; null for the first page. A
    /// cursor only continues the list it came from, with the same filters: an edited cursor, one from another list or
    /// other filters, or one signed with another key is refused with <c>invalid_cursor</c>.
    /// </summary>
    public string? Cursor { get; init; }

    /// <summary>
    /// At most how many items: 1 or more (0 or less is refused with <c>invalid_request</c>); above
    /// <see cref="MaxSize"/> it is clamped to <see cref="MaxSize"/>, so a page never grows without bound and a client
    /// asking for more still pages on through <see cref="Page{T}.NextCursor"/>.
    /// </summary>
    public int Size { get; init; } = DefaultSize;
}
