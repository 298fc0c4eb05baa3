using Affiliate.Stores;
using Microsoft.Extensions.Logging;

namespace Affiliate;

/// <summary>
/// The lists an admin screen or a partner portal pages through: partners, conversions (the review queue too),
/// commission lines, payouts and clicks. Every list pages the same way: a <see cref="PageRequest"/> in, a
/// <see cref="Page{T}"/> with the next cursor out, newest first. Registered (scoped) by <c>AddAffiliates</c>.
/// </summary>
/// <remarks>
/// <para>
/// Expected failures are results, never exceptions: a cursor that was edited, made for another list or other
/// filters, or signed with another key fails with <c>invalid_cursor</c>; a page size below 1, a period whose start is
/// not before its end, or a malformed filter fails with <c>invalid_request</c>. A page size above
/// <see cref="PageRequest.MaxSize"/> is served as <see cref="PageRequest.MaxSize"/>. Null arguments throw.
/// </para>
/// <para>
/// Each page is one indexed read of at most the page size plus one row, from the cursor's position on: reading page
/// 1000 costs what reading page 1 costs, and rows written while a client pages never make it skip or repeat a row
/// (see <see cref="Page{T}"/> for where new rows show up). Thread-safe when the store is.
/// </para>
/// </remarks>
/// <example><code>
/// var lists = services.GetRequiredService&lt;AffiliateLists&gt;();
/// var filter = new ConversionListFilter { ProgramId = program, Status = ConversionStatus.Held }; // the review queue
/// var request = new PageRequest { Size = 100 };
/// while (true)
/// {
///     var page = (await lists.ConversionsAsync(filter, request)).GetValueOrThrow();
///     foreach (var conversion in page.Items) { /* show it */ }
///     if (!page.HasMore) break;
///     request = request with { Cursor = page.NextCursor };
/// }
/// </code></example>
public sealed partial class AffiliateLists
{
    private readonly IListStore _store;
    private readonly CursorProtector _cursors;
    private readonly ILogger<AffiliateLists> _logger;

    /// <summary>Creates the lists over a store.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public AffiliateLists(IListStore store, CursorProtector cursors, ILogger<AffiliateLists> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(cursors);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _cursors = cursors;
        _logger = logger;
    }

    /// <summary>
    /// Partners, newest first (joined, then id), filtered by status, segment, sponsor and a case-insensitive prefix
    /// of the name, e-mail address or a referral code (<see cref="PartnerListFilter.Search"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async ValueTask<AffiliateResult<Page<Partner>>> PartnersAsync(
        PartnerListFilter filter,
        PageRequest page,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var search = filter.Search?.Trim();
        if (search is { Length: > PartnerListFilter.MaxSearchLength })
        {
            return Invalid<Partner>($"Search has at most {PartnerListFilter.MaxSearchLength} characters.");
        }

        if (TextInput.HasControl(search))
        {
            return Invalid<Partner>("Search contains a control character.");
        }

        var query = filter with { Search = string.IsNullOrEmpty(search) ? null : search };
        var scope = new ListScope("partners")
            .With("status", (int?)query.Status)
            .With("segment", query.Segment?.Name.ToUpperInvariant())
            .With("sponsor", query.SponsorId?.Value)
            .With("search", query.Search?.ToUpperInvariant());
        return await PageAsync(
                "partners",
                page,
                scope,
                (after, limit, ct) => _store.ListPartnersAsync(query, after, limit, ct),
                p => ListPosition.Of(p.JoinedAt, p.Id.Value),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A program's conversions, newest first (occurred, then id), filtered by status
    /// (<see cref="ConversionStatus.Held"/> is the review queue), credited partner and period [from, until) of
    /// occurrence.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async ValueTask<AffiliateResult<Page<Conversion>>> ConversionsAsync(
        ConversionListFilter filter,
        PageRequest page,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        if (ProblemWith(filter.ProgramId, filter.From, filter.Until) is { } problem)
        {
            return Invalid<Conversion>(problem);
        }

        var scope = new ListScope("conversions")
            .With("program", filter.ProgramId.Value)
            .With("status", (int?)filter.Status)
            .With("partner", filter.PartnerId?.Value)
            .With("from", filter.From)
            .With("until", filter.Until);
        return await PageAsync(
                "conversions",
                page,
                scope,
                (after, limit, ct) => _store.ListConversionsAsync(filter, after, limit, ct),
                c => ListPosition.Of(c.OccurredAt, c.Id.Value),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A program's commission lines (the ledger), newest first (created, then id), filtered by partner, conversion,
    /// state and payout.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async ValueTask<AffiliateResult<Page<CommissionLine>>> CommissionLinesAsync(
        LineListFilter filter,
        PageRequest page,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        if (ProblemWith(filter.ProgramId, null, null) is { } problem)
        {
            return Invalid<CommissionLine>(problem);
        }

        var scope = new ListScope("lines")
            .With("program", filter.ProgramId.Value)
            .With("partner", filter.PartnerId?.Value)
            .With("conversion", filter.ConversionId?.Value)
            .With("state", (int?)filter.State)
            .With("payout", filter.PayoutId?.Value);
        return await PageAsync(
                "commission lines",
                page,
                scope,
                (after, limit, ct) => _store.ListLinesAsync(filter, after, limit, ct),
                l => ListPosition.Of(l.CreatedAt, l.Id.Value),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A program's payouts, newest first (created, then id), filtered by partner, status and period [from, until) of
    /// creation.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async ValueTask<AffiliateResult<Page<Payout>>> PayoutsAsync(
        PayoutListFilter filter,
        PageRequest page,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        if (ProblemWith(filter.ProgramId, filter.From, filter.Until) is { } problem)
        {
            return Invalid<Payout>(problem);
        }

        var scope = new ListScope("payouts")
            .With("program", filter.ProgramId.Value)
            .With("partner", filter.PartnerId?.Value)
            .With("status", (int?)filter.Status)
            .With("from", filter.From)
            .With("until", filter.Until);
        return await PageAsync(
                "payouts",
                page,
                scope,
                (after, limit, ct) => _store.ListPayoutsAsync(filter, after, limit, ct),
                p => ListPosition.Of(p.CreatedAt, p.Id.Value),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A program's clicks, newest first (occurred, then id), filtered by partner, the partner's sub1 value and period
    /// [from, until).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async ValueTask<AffiliateResult<Page<Click>>> ClicksAsync(
        ClickListFilter filter,
        PageRequest page,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        if (ProblemWith(filter.ProgramId, filter.From, filter.Until) is { } problem)
        {
            return Invalid<Click>(problem);
        }

        if (filter.Sub1 is { } sub1)
        {
            if (filter.PartnerId is null)
            {
                return Invalid<Click>(
                    "Sub1 lists one partner's clicks: set PartnerId too (sub-ids are each partner's own labels)."
                );
            }

            if (string.IsNullOrEmpty(sub1) || !InputLimits.IsAcceptable(sub1, InputLimits.MaxCodeLength))
            {
                return Invalid<Click>(
                    "Sub1 is empty, too long or contains a control character; leave it null to list every sub-id."
                );
            }
        }

        var scope = new ListScope("clicks")
            .With("program", filter.ProgramId.Value)
            .With("partner", filter.PartnerId?.Value)
            .With("sub1", filter.Sub1)
            .With("from", filter.From)
            .With("until", filter.Until);
        return await PageAsync(
                "clicks",
                page,
                scope,
                (after, limit, ct) => _store.ListClicksAsync(filter, after, limit, ct),
                c => ListPosition.Of(c.OccurredAt, c.Id.Value),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>Checks the page, opens the cursor, reads one row more than the page, makes the next cursor.</summary>
    private async ValueTask<AffiliateResult<Page<T>>> PageAsync<T>(
        string list,
        PageRequest page,
        ListScope scope,
        Func<ListPosition?, int, CancellationToken, ValueTask<IReadOnlyList<T>>> read,
        Func<T, ListPosition> positionOf,
        CancellationToken cancellationToken
    )
    {
        if (page.Size < 1)
        {
            return Invalid<T>($"The page size is {page.Size}; ask for 1 to {PageRequest.MaxSize} items.");
        }

        var size = Math.Min(page.Size, PageRequest.MaxSize);
        var scopeText = scope.ToString();
        ListPosition? after = null;
        if (page.Cursor is { } cursor)
        {
            if (!_cursors.TryUnprotect(cursor, scopeText, out var position))
            {
                LogCursorRefused(_logger, list);
                return AffiliateResult<Page<T>>.Failure(
                    AffiliateErrorCodes.InvalidCursor,
                    $"The cursor does not continue this {list} list: it was changed, made for another list or other "
                        + "filters, or by another key. Start again from the first page (no cursor)."
                );
            }

            after = position;
        }

        var rows = await read(after, size + 1, cancellationToken).ConfigureAwait(false);
        if (rows.Count <= size)
        {
            return AffiliateResult<Page<T>>.Success(new Page<T>(rows, null));
        }

        var items = rows.Take(size).ToArray();
        var next = _cursors.Protect(positionOf(items[^1]), scopeText);
        return AffiliateResult<Page<T>>.Success(new Page<T>(items, next));
    }

    private static string? ProblemWith(ProgramId program, Instant? from, Instant? until)
    {
        if (program.Value is null)
        {
            return "A list is of one program: set ProgramId.";
        }

        return from is { } start && until is { } end && start >= end
            ? $"The period starts at {start} and ends at {end}: From must be before Until."
            : null;
    }

    private static AffiliateResult<Page<T>> Invalid<T>(string description) =>
        AffiliateResult<Page<T>>.Failure(AffiliateErrorCodes.InvalidRequest, description);

    [LoggerMessage(
        EventId = 1501,
        Level = LogLevel.Debug,
        Message = "Refused a cursor for the {List} list: changed, made for another list or filters, or by another key"
    )]
    private static partial void LogCursorRefused(ILogger logger, string list);
}
