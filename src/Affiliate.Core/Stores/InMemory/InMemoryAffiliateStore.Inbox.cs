namespace Affiliate.Stores;

public sealed partial class InMemoryAffiliateStore : IWebhookInboxStore
{
    private readonly Dictionary<(string Source, string EventId), InboxEvent> _inbox = [];
    private readonly Dictionary<(string Source, string PaymentId), InboxPayment> _payments = [];

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddInboxEventAsync(InboxEvent inboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        lock (_gate)
        {
            var key = (inboxEvent.Source, inboxEvent.EventId);
            if (_inbox.ContainsKey(key))
            {
                return Result(StoreWriteResult.Duplicate($"inbox event {inboxEvent.Source}/{inboxEvent.EventId}"));
            }

            // A copy of the body: the caller's array is theirs to reuse.
            _inbox[key] = inboxEvent with { Body = inboxEvent.Body.ToArray(), Version = 1 };
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<InboxEvent?> FindInboxEventAsync(
        string source,
        string eventId,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_inbox.GetValueOrDefault((source, eventId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> UpdateInboxEventAsync(
        Versioned<InboxEvent> inboxEvent,
        CancellationToken cancellationToken
    )
    {
        var value = inboxEvent.Value;
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var key = (value.Source, value.EventId);
            if (!_inbox.TryGetValue(key, out var stored) || stored.Version != inboxEvent.ExpectedVersion)
            {
                return Result(StoreWriteResult.Conflict($"inbox event {value.Source}/{value.EventId} changed"));
            }

            _inbox[key] = stored with
            {
                State = value.State,
                Attempts = value.Attempts,
                LastError = value.LastError,
                WaitingFor = value.WaitingFor,
                ProcessedAt = value.ProcessedAt,
                Version = stored.Version + 1,
            };
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<InboxEvent>> ListInboxEventsAsync(
        InboxEventState state,
        string? waitingFor,
        int limit,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            IReadOnlyList<InboxEvent> events = _inbox
                .Values.Where(e => e.State == state && (waitingFor is null || e.WaitingFor == waitingFor))
                .OrderBy(e => e.ReceivedAt)
                .ThenBy(e => e.Source, StringComparer.Ordinal)
                .ThenBy(e => e.EventId, StringComparer.Ordinal)
                .Take(limit)
                .ToArray();
            return ValueTask.FromResult(events);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddInboxPaymentAsync(
        string source,
        InboxPayment payment,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(payment);
        lock (_gate)
        {
            return Result(
                _payments.TryAdd((source, payment.PaymentId), payment)
                    ? StoreWriteResult.Written
                    : StoreWriteResult.Duplicate($"inbox payment {source}/{payment.PaymentId}")
            );
        }
    }

    /// <inheritdoc />
    public ValueTask<InboxPayment?> FindInboxPaymentAsync(
        string source,
        string paymentId,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_payments.GetValueOrDefault((source, paymentId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<SubscriptionHistory> FindSubscriptionHistoryAsync(
        string source,
        string subscriptionId,
        InboxPayment payment,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(payment);
        lock (_gate)
        {
            var payments = _payments
                .Where(p => p.Key.Source == source && p.Value.SubscriptionId == subscriptionId)
                .Select(p => p.Value)
                .ToArray();
            var before = payments.Count(p =>
                p.PaidAt < payment.PaidAt
                || (p.PaidAt == payment.PaidAt && string.CompareOrdinal(p.PaymentId, payment.PaymentId) < 0)
            );
            var first = payments.Select(p => p.PaidAt).Append(payment.PaidAt).Min();
            return ValueTask.FromResult(new SubscriptionHistory(before, first));
        }
    }
}
