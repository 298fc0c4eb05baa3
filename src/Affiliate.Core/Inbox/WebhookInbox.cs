using Affiliate.Stores;
using Microsoft.Extensions.Logging;

namespace Affiliate;

/// <summary>
/// Incoming webhooks and postbacks: <see cref="ReceiveAsync"/> stores the raw event (once per source and event id)
/// and then processes it into sales and refunds through <see cref="ConversionRecorder"/>. A refund whose order is not
/// recorded yet waits and is applied when the order's sale is processed (or by <see cref="ProcessPendingAsync"/>);
/// a failed attempt keeps the event for the next one. Every step is idempotent, so several instances may process
/// the same event at once and the ledger stays exact.
/// </summary>
public sealed partial class WebhookInbox(
    IWebhookInboxStore store,
    IConversionStore conversions,
    ConversionRecorder recorder,
    ProgramCatalog programs,
    IEnumerable<IWebhookEventMapper> mappers,
    IClock clock,
    ILogger<WebhookInbox> logger
)
{
    /// <summary>
    /// How many attempts a failing event gets before <see cref="ProcessPendingAsync"/> leaves it alone.
    /// </summary>
    public const int MaxAttempts = 10;

    private static readonly InboxEventState[] PendingStates =
    [
        InboxEventState.Received,
        InboxEventState.Waiting,
        InboxEventState.Failed,
    ];

    // The last mapper registered for a source wins, so a host's own replaces the built-in one.
    private readonly Dictionary<string, IWebhookEventMapper> _mappers = mappers
        .GroupBy(m => m.Source, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>
    /// What the event says, without storing anything: endpoints call it first so that a malformed body is refused
    /// with nothing written. An event of a source without a mapper is invalid.
    /// </summary>
    public InboxMapping Map(InboxEvent inboxEvent)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        if (!_mappers.TryGetValue(inboxEvent.Source, out var mapper))
        {
            return InboxMapping.Invalid($"No webhook mapper is registered for source '{inboxEvent.Source}'.");
        }

        try
        {
            return Checked(mapper.Map(inboxEvent));
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException)
        {
            // A mapper that trips over an odd body refuses it; it does not take the request down.
            return InboxMapping.Invalid($"The {inboxEvent.Source} event cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// Stores the event (state received, version 1) and processes it. A second delivery of the same source and
    /// event id stores and processes nothing and answers the stored event with <see cref="InboxReceipt.Duplicate"/>.
    /// Processing errors never fail the call: the event is kept (failed or waiting) for another attempt.
    /// </summary>
    public async ValueTask<AffiliateResult<InboxReceipt>> ReceiveAsync(
        string source,
        string eventId,
        string topic,
        ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken = default
    )
    {
        var inboxEvent = new InboxEvent
        {
            Source = source,
            EventId = eventId,
            Topic = topic,
            ReceivedAt = clock.GetCurrentInstant(),
            Body = body.ToArray(),
        };
        if (Problem(inboxEvent) is { } problem)
        {
            return AffiliateResult<InboxReceipt>.Failure(problem);
        }

        // A redelivery (vendors retry, often several times) is one read by key: no write transaction, so on SQLite it
        // does not queue behind writers. Two first deliveries at once still meet at the store's unique key below.
        var stored = await store.FindInboxEventAsync(source, eventId, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return AffiliateResult<InboxReceipt>.Replayed(new InboxReceipt(stored, true));
        }

        var written = await store.AddInboxEventAsync(inboxEvent, cancellationToken).ConfigureAwait(false);
        if (written.Status == StoreWriteStatus.Duplicate)
        {
            var existing = await store.FindInboxEventAsync(source, eventId, cancellationToken).ConfigureAwait(false);
            return AffiliateResult<InboxReceipt>.Replayed(new InboxReceipt(existing ?? inboxEvent, true));
        }

        if (!written.Succeeded)
        {
            return AffiliateResult<InboxReceipt>.Failure(
                AffiliateErrorCodes.ConcurrencyConflict,
                $"The {source} event '{eventId}' could not be stored ({written.Detail}); send it again."
            );
        }

        var processed = await ProcessAsync(inboxEvent with { Version = 1 }, cancellationToken).ConfigureAwait(false);
        return AffiliateResult<InboxReceipt>.Success(new InboxReceipt(processed, false));
    }

    /// <summary>
    /// Processes stored events that are not done: received ones (processing was interrupted), waiting ones (their
    /// order may have arrived) and failed ones with attempts left, up to <paramref name="limit"/> of each, oldest
    /// first. Returns how many are processed now. Run it from a job, or after an outage.
    /// </summary>
    public async ValueTask<int> ProcessPendingAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var done = 0;
        foreach (var state in PendingStates)
        {
            var events = await store.ListInboxEventsAsync(state, null, limit, cancellationToken).ConfigureAwait(false);
            foreach (var pending in events.Where(e => e.State != InboxEventState.Failed || e.Attempts < MaxAttempts))
            {
                var after = await ProcessAsync(pending, cancellationToken).ConfigureAwait(false);
                done += after.State == InboxEventState.Processed ? 1 : 0;
            }
        }

        return done;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> (at most 500) stored events in <paramref name="state"/>, oldest received first:
    /// for an admin page of failed or waiting webhooks. One index range read.
    /// </summary>
    public ValueTask<IReadOnlyList<InboxEvent>> ListAsync(
        InboxEventState state,
        int limit = 100,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return store.ListInboxEventsAsync(state, null, Math.Min(limit, 500), cancellationToken);
    }

    /// <summary>Processes one stored event now, whatever its state; returns it as it is afterwards.</summary>
    public async ValueTask<InboxEvent?> ProcessAsync(
        string source,
        string eventId,
        CancellationToken cancellationToken = default
    )
    {
        var found = await store.FindInboxEventAsync(source, eventId, cancellationToken).ConfigureAwait(false);
        return found is null ? null : await ProcessAsync(found, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<InboxEvent> ProcessAsync(InboxEvent inboxEvent, CancellationToken cancellationToken)
    {
        var (current, recorded) = await AttemptAsync(inboxEvent, cancellationToken).ConfigureAwait(false);
        if (current.State == InboxEventState.Waiting && inboxEvent.State != InboxEventState.Waiting)
        {
            // The order may have been recorded (by another instance) after this attempt looked for it and before the
            // waiting state was saved, and that instance found nothing waiting: look once more now that it is saved.
            (current, recorded) = await AttemptAsync(current, cancellationToken).ConfigureAwait(false);
        }

        foreach (var conversionId in recorded)
        {
            var waiting = await store
                .ListInboxEventsAsync(InboxEventState.Waiting, conversionId.Value, 100, cancellationToken)
                .ConfigureAwait(false);
            foreach (var next in waiting)
            {
                await AttemptAsync(next, cancellationToken).ConfigureAwait(false);
            }
        }

        return current;
    }

    /// <summary>One attempt: runs the event's actions and saves the state they end in.</summary>
    private async ValueTask<(InboxEvent Event, IReadOnlyList<ConversionId> Recorded)> AttemptAsync(
        InboxEvent inboxEvent,
        CancellationToken cancellationToken
    )
    {
        var recorded = new List<ConversionId>();
        Outcome outcome;
        try
        {
            outcome = await RunAsync(inboxEvent, recorded, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The event is stored: a failure here (the database, a handler) leaves it for the next attempt.
            LogProcessingFailed(logger, e, inboxEvent.Source, inboxEvent.EventId);
            outcome = new Outcome(InboxEventState.Failed, e.GetType().Name + ": " + e.Message, null);
        }

        var next = inboxEvent with
        {
            State = outcome.State,
            Attempts = inboxEvent.Attempts + 1,
            LastError = Cut(outcome.Error),
            WaitingFor = outcome.WaitingFor,
            ProcessedAt = outcome.State == InboxEventState.Processed ? clock.GetCurrentInstant() : null,
            Version = inboxEvent.Version + 1,
        };
        var saved = await store
            .UpdateInboxEventAsync(new Versioned<InboxEvent>(next, inboxEvent.Version), cancellationToken)
            .ConfigureAwait(false);
        if (saved.Succeeded)
        {
            return (next, recorded);
        }

        // Another instance processed it meanwhile; what it recorded is the same (every action is idempotent).
        var latest = await store
            .FindInboxEventAsync(inboxEvent.Source, inboxEvent.EventId, cancellationToken)
            .ConfigureAwait(false);
        return (latest ?? next, recorded);
    }

    private async ValueTask<Outcome> RunAsync(
        InboxEvent inboxEvent,
        List<ConversionId> recorded,
        CancellationToken cancellationToken
    )
    {
        var mapping = Map(inboxEvent);
        if (mapping.Error is { } invalid)
        {
            return new Outcome(InboxEventState.Failed, $"{invalid.Code}: {invalid.Description}", null);
        }

        foreach (var action in mapping.Actions)
        {
            var outcome = action switch
            {
                InboxSale sale => await SaleAsync(inboxEvent.Source, sale, recorded, cancellationToken)
                    .ConfigureAwait(false),
                InboxRefund refund => await RefundAsync(inboxEvent.Source, refund, cancellationToken)
                    .ConfigureAwait(false),
                InboxPayment payment => await RememberAsync(inboxEvent.Source, payment, cancellationToken)
                    .ConfigureAwait(false),
                _ => new Outcome(InboxEventState.Failed, $"Unknown action {action.GetType().Name}.", null),
            };
            if (outcome.State != InboxEventState.Processed)
            {
                return outcome;
            }
        }

        return new Outcome(InboxEventState.Processed, mapping.IgnoredBecause, null);
    }

    private async ValueTask<Outcome> SaleAsync(
        string source,
        InboxSale sale,
        List<ConversionId> recorded,
        CancellationToken cancellationToken
    )
    {
        var request = sale.Request;
        if (sale.Payment is { } payment)
        {
            // Remembered first, so that a refund of an amount waiting for this order finds the order's total.
            var remembered = await RememberAsync(source, payment, cancellationToken).ConfigureAwait(false);
            if (remembered.State != InboxEventState.Processed)
            {
                return remembered;
            }

            if (payment.SubscriptionId is { } subscription)
            {
                request = request with
                {
                    Facts = request.Facts with
                    {
                        Subscription = await SubscriptionAsync(source, subscription, payment, request.Facts.Kind)
                            .ConfigureAwait(false),
                    },
                };
            }
        }

        var result = await recorder.RecordAsync(request, cancellationToken).ConfigureAwait(false);
        // Another instance recording a sale of the same customer at this moment collides with this one; the next
        // try reads what it wrote. Only a few tries here: the event is kept (failed) for the pending run anyway.
        for (var retry = 0; retry < 4 && result.Error?.Code == AffiliateErrorCodes.ConcurrencyConflict; retry++)
        {
            result = await recorder.RecordAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (result.Error is { } error)
        {
            // The order was recorded before with other content (an update of a paid order, a host's own call):
            // the sale is there, which is what the event asks; the difference is noted, not retried forever.
            return error.Code == AffiliateErrorCodes.IdempotencyConflict
                ? new Outcome(InboxEventState.Processed, $"{error.Code}: {error.Description}", null)
                : new Outcome(InboxEventState.Failed, $"{error.Code}: {error.Description}", null);
        }

        recorded.Add(request.Facts.Id);
        return Outcome.Done;

        async ValueTask<SubscriptionFacts> SubscriptionAsync(
            string source,
            string subscription,
            InboxPayment payment,
            ConversionKind kind
        )
        {
            var history = await store
                .FindSubscriptionHistoryAsync(source, subscription, payment, cancellationToken)
                .ConfigureAwait(false);
            // A renewal whose earlier payments were never delivered (the subscription is older than the integration)
            // is still at least the second payment; its start is then the earliest payment known.
            var number = history.PaymentsBefore + 1;
            return new SubscriptionFacts(
                subscription,
                kind == ConversionKind.Renewal ? Math.Max(number, 2) : number,
                history.FirstPaidAt ?? payment.PaidAt
            );
        }
    }

    private async ValueTask<Outcome> RememberAsync(
        string source,
        InboxPayment payment,
        CancellationToken cancellationToken
    )
    {
        var written = await store.AddInboxPaymentAsync(source, payment, cancellationToken).ConfigureAwait(false);
        return written.Status is StoreWriteStatus.Written or StoreWriteStatus.Duplicate
            ? Outcome.Done
            : new Outcome(InboxEventState.Failed, $"The payment could not be remembered: {written.Detail}", null);
    }

    private async ValueTask<Outcome> RefundAsync(string source, InboxRefund refund, CancellationToken cancellationToken)
    {
        var program = programs.Find(refund.ProgramId);
        Conversion? conversion = null;
        foreach (var id in program is null ? [] : refund.OtherConversionIds.Prepend(refund.ConversionId))
        {
            conversion = await conversions.FindAsync(program!.Id, id, cancellationToken).ConfigureAwait(false);
            if (conversion is not null)
            {
                refund = refund with { ConversionId = id };
                break;
            }
        }

        if (conversion is null)
        {
            return Waiting(refund.ConversionId);
        }

        Money? amount;
        if (refund.PaidAmount is { } paid)
        {
            var (share, failed) = await ShareOfOrderAsync(source, refund, paid, cancellationToken)
                .ConfigureAwait(false);
            if (failed is not null)
            {
                return failed.Value;
            }

            // The refund's share of what the customer paid is the share of the basis it returns.
            amount = share >= 1m ? null : (conversion.Amount * share).Round();
            if (amount is { IsPositive: false })
            {
                return Outcome.Done; // a share too small to reach a minor unit of the basis
            }
        }
        else
        {
            amount = Amount(refund, conversion);
            if (refund.Cumulative && amount is { IsPositive: false })
            {
                return Outcome.Done; // the total refunded is already recorded (a later event came first)
            }
        }

        var result = await recorder
            .RefundAsync(
                new RefundRequest
                {
                    ProgramId = refund.ProgramId,
                    ConversionId = refund.ConversionId,
                    RefundId = refund.RefundId,
                    Amount = amount,
                    Kind = refund.Kind,
                    OccurredAt = refund.OccurredAt,
                    Reason = refund.Reason,
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        return result.Error switch
        {
            null => Outcome.Done,
            { Code: AffiliateErrorCodes.UnknownConversion } => Waiting(refund.ConversionId),
            { } error => new Outcome(InboxEventState.Failed, $"{error.Code}: {error.Description}", null),
        };
    }

    /// <summary>What part of its order's remembered total <paramref name="paid"/> is, or why that is unknown.</summary>
    private async ValueTask<(decimal Share, Outcome? Failed)> ShareOfOrderAsync(
        string source,
        InboxRefund refund,
        decimal paid,
        CancellationToken cancellationToken
    )
    {
        var order = await store
            .FindInboxPaymentAsync(source, refund.ConversionId.Value, cancellationToken)
            .ConfigureAwait(false);
        if (order?.Total is not { IsPositive: true } total)
        {
            return (
                0m,
                new Outcome(
                    InboxEventState.Failed,
                    $"The total of order '{refund.ConversionId}' is not known (its order did not come through "
                        + "this inbox), so a refund of an amount cannot be shared out; record it with an amount of "
                        + "the basis.",
                    null
                )
            );
        }

        return refund.Currency is { } currency && currency != total.Currency
            ? (
                0m,
                new Outcome(
                    InboxEventState.Failed,
                    $"The refund is in {currency.Code}, the order's total in {total.Currency.Code}.",
                    null
                )
            )
            : (paid / total.Amount, null);
    }

    private static Money? Amount(InboxRefund refund, Conversion conversion) =>
        refund switch
        {
            { Amount: { } value } => new Money(value, refund.Currency ?? conversion.Amount.Currency),
            { Cumulative: true, Fraction: { } total } => (conversion.Amount * Math.Min(total, 1m)).Round()
                - conversion.Refunded,
            { Fraction: { } part } when part < 1m => (conversion.Amount * part).Round(),
            _ => null,
        };

    private static Outcome Waiting(ConversionId conversionId) =>
        new(
            InboxEventState.Waiting,
            $"Conversion '{conversionId}' is not recorded yet; the refund applies when it is.",
            conversionId.Value
        );

    /// <summary>
    /// The mapping, or its first action the recorder would refuse as input (a code too long, a control character, an
    /// amount out of range): such an event is refused before it is stored, not stored to fail on every attempt.
    /// </summary>
    private static InboxMapping Checked(InboxMapping mapping)
    {
        foreach (var action in mapping.Actions)
        {
            var problem = action switch
            {
                InboxSale sale => ConversionInput.Problem(sale.Request)
                    ?? (sale.Payment is { } payment ? PaymentProblem(payment) : null),
                InboxRefund refund => InputCheck.First(
                    InputCheck.Required(nameof(refund.RefundId), refund.RefundId, InputLimits.MaxIdLength),
                    InputCheck.Text(nameof(refund.Reason), refund.Reason, InputLimits.MaxReasonLength),
                    refund.Amount is < 0m || refund.Fraction is <= 0m || refund.PaidAmount is <= 0m
                        ? new AffiliateError(AffiliateErrorCodes.InvalidRequest, "A refund's amount is positive.")
                        : null
                ),
                InboxPayment payment => PaymentProblem(payment),
                _ => null,
            };
            if (problem is not null)
            {
                return InboxMapping.Invalid(problem);
            }
        }

        return mapping;
    }

    private static AffiliateError? PaymentProblem(InboxPayment payment) =>
        InputCheck.First(
            InputCheck.Required(nameof(payment.PaymentId), payment.PaymentId, InputLimits.MaxIdLength),
            InputCheck.Text(nameof(payment.SubscriptionId), payment.SubscriptionId, InputLimits.MaxIdLength),
            payment.Total is { } total && (total.Amount < 0m || !total.IsRounded)
                ? new AffiliateError(
                    AffiliateErrorCodes.InvalidRequest,
                    "A payment's total is not negative and in whole minor units."
                )
                : null
        );

    private static AffiliateError? Problem(InboxEvent inboxEvent) =>
        InputCheck.First(
            InputCheck.Required(nameof(inboxEvent.Source), inboxEvent.Source, InboxEvent.MaxSourceLength),
            InputCheck.Required(nameof(inboxEvent.EventId), inboxEvent.EventId, InputLimits.MaxIdLength),
            InputCheck.Required(nameof(inboxEvent.Topic), inboxEvent.Topic, InboxEvent.MaxTopicLength)
        );

    private static string? Cut(string? error) =>
        error is { Length: > InboxEvent.MaxErrorLength } ? error[..InboxEvent.MaxErrorLength] : error;

    [LoggerMessage(
        EventId = 1701,
        Level = LogLevel.Warning,
        Message = "Processing the {Source} event {EventId} failed; it is kept for another attempt"
    )]
    private static partial void LogProcessingFailed(ILogger logger, Exception exception, string source, string eventId);

    private readonly record struct Outcome(InboxEventState State, string? Error, string? WaitingFor)
    {
        public static Outcome Done => new(InboxEventState.Processed, null, null);
    }
}

/// <summary>What <see cref="WebhookInbox.ReceiveAsync"/> did with an event.</summary>
/// <param name="Event">The stored event, as it is after processing (for a duplicate, as stored before).</param>
/// <param name="Duplicate">True when the event was already stored: nothing was written or processed.</param>
public sealed record InboxReceipt(InboxEvent Event, bool Duplicate);
