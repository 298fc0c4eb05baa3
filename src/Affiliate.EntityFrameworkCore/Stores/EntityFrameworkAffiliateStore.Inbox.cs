using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.RowMapper;

namespace Affiliate.EntityFrameworkCore;

public sealed partial class EntityFrameworkAffiliateStore : IWebhookInboxStore
{
    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddInboxEventAsync(InboxEvent inboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        var duplicate = StoreWriteResult.Duplicate($"inbox event {inboxEvent.Source}/{inboxEvent.EventId}");
        return WriteAsync(
            async staged =>
            {
                if (await InboxExistsAsync(inboxEvent, cancellationToken).ConfigureAwait(false))
                {
                    return duplicate;
                }

                staged.Add(
                    new InboxEventRow
                    {
                        Source = inboxEvent.Source,
                        EventId = inboxEvent.EventId,
                        Topic = inboxEvent.Topic,
                        ReceivedAt = Ticks(inboxEvent.ReceivedAt),
                        Body = inboxEvent.Body.ToArray(),
                        State = (int)inboxEvent.State,
                        Attempts = inboxEvent.Attempts,
                        LastError = inboxEvent.LastError,
                        WaitingFor = inboxEvent.WaitingFor,
                        ProcessedAt = Ticks(inboxEvent.ProcessedAt),
                        Version = 1,
                    }
                );
                return null;
            },
            // Two deliveries at once: the second insert hits the primary key, and the first one's row is there.
            async () =>
                await InboxExistsAsync(inboxEvent, cancellationToken).ConfigureAwait(false)
                    ? duplicate
                    : StoreWriteResult.Conflict($"inbox event {inboxEvent.Source}/{inboxEvent.EventId}"),
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async ValueTask<InboxEvent?> FindInboxEventAsync(
        string source,
        string eventId,
        CancellationToken cancellationToken
    )
    {
        var row = await Set<InboxEventRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(e => e.Source == source && e.EventId == eventId, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Inbox(row);
    }

    /// <inheritdoc />
    public async ValueTask<StoreWriteResult> UpdateInboxEventAsync(
        Versioned<InboxEvent> inboxEvent,
        CancellationToken cancellationToken
    )
    {
        var value = inboxEvent.Value;
        ArgumentNullException.ThrowIfNull(value);
        var expected = inboxEvent.ExpectedVersion;
        var state = (int)value.State;
        var processedAt = Ticks(value.ProcessedAt);
        // One statement, the version checked in its WHERE: two instances finishing the same event cannot both win.
        var updated = await Set<InboxEventRow>()
            .Where(e => e.Source == value.Source && e.EventId == value.EventId && e.Version == expected)
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(e => e.State, state)
                        .SetProperty(e => e.Attempts, value.Attempts)
                        .SetProperty(e => e.LastError, value.LastError)
                        .SetProperty(e => e.WaitingFor, value.WaitingFor)
                        .SetProperty(e => e.ProcessedAt, processedAt)
                        .SetProperty(e => e.Version, expected + 1),
                cancellationToken
            )
            .ConfigureAwait(false);
        return updated == 1
            ? StoreWriteResult.Written
            : StoreWriteResult.Conflict($"inbox event {value.Source}/{value.EventId} changed");
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<InboxEvent>> ListInboxEventsAsync(
        InboxEventState state,
        string? waitingFor,
        int limit,
        CancellationToken cancellationToken
    )
    {
        var wanted = (int)state;
        var query = Set<InboxEventRow>().AsNoTracking().Where(e => e.State == wanted);
        if (waitingFor is not null)
        {
            query = query.Where(e => e.WaitingFor == waitingFor);
        }

        var rows = await query
            .OrderBy(e => e.ReceivedAt)
            .ThenBy(e => e.Source)
            .ThenBy(e => e.EventId)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(Inbox).ToArray();
    }

    private Task<bool> InboxExistsAsync(InboxEvent inboxEvent, CancellationToken cancellationToken) =>
        Set<InboxEventRow>()
            .AnyAsync(e => e.Source == inboxEvent.Source && e.EventId == inboxEvent.EventId, cancellationToken);

    private static InboxEvent Inbox(InboxEventRow row) =>
        new()
        {
            Source = row.Source,
            EventId = row.EventId,
            Topic = row.Topic,
            ReceivedAt = Instant(row.ReceivedAt),
            Body = row.Body,
            State = (InboxEventState)row.State,
            Attempts = row.Attempts,
            LastError = row.LastError,
            WaitingFor = row.WaitingFor,
            ProcessedAt = row.ProcessedAt is { } at ? Instant(at) : null,
            Version = row.Version,
        };
}
