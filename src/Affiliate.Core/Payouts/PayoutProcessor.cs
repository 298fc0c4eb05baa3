using Affiliate.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Computes payouts: per partner and currency, the approved lines not yet in a payout (negative clawbacks included)
/// when their sum reaches the threshold; then records them paid (with the host's reference) or failed (releasing the
/// lines). A line is claimed by one payout only, even with several instances running payouts at once.
/// </summary>
public sealed partial class PayoutProcessor(
    IClock clock,
    ProgramCatalog programs,
    IPartnerStore partners,
    ILedgerStore ledger,
    IPayoutStore payouts,
    IConversionStore conversions,
    IOptions<AffiliateOptions> options,
    ILogger<PayoutProcessor> logger,
    AffiliateDiagnostics diagnostics,
    IJobLockStore? jobLocks = null
)
{
    /// <summary>
    /// Creates payouts for a program if <paramref name="asOf"/> falls on one of its payout dates (in the program's time
    /// zone); on other days it creates none and says so, with the next payout date. Running it again on the same date
    /// pays only lines approved since.
    /// </summary>
    /// <returns>
    /// The run (payouts created, or why there were none), or <see cref="AffiliateErrorCodes.UnknownProgram"/>.
    /// </returns>
    public ValueTask<AffiliateResult<PayoutRun>> RunIfDueAsync(
        ProgramId? programId = null,
        Instant? asOf = null,
        CancellationToken cancellationToken = default
    ) => RunAsync(programId, asOf, onPayoutDatesOnly: true, cancellationToken);

    /// <summary>
    /// Creates payouts now (whatever the schedule says) for every active partner whose approved balance reaches the
    /// threshold. While one instance runs it for a program, others (with a store that locks jobs) skip and say so.
    /// </summary>
    /// <returns>
    /// The run (payouts created, or why there were none, with the balances that wait counted), or
    /// <see cref="AffiliateErrorCodes.UnknownProgram"/>.
    /// </returns>
    public ValueTask<AffiliateResult<PayoutRun>> CreatePayoutsAsync(
        ProgramId? programId = null,
        Instant? asOf = null,
        CancellationToken cancellationToken = default
    ) => RunAsync(programId, asOf, onPayoutDatesOnly: false, cancellationToken);

    private async ValueTask<AffiliateResult<PayoutRun>> RunUntracedAsync(
        ProgramId? programId,
        Instant? asOf,
        bool onPayoutDatesOnly,
        CancellationToken cancellationToken
    )
    {
        var program = programs.Find(programId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<PayoutRun>(programId);
        }

        var at = asOf ?? clock.GetCurrentInstant();
        var date = at.InZone(program.TimeZone).Date;
        if (onPayoutDatesOnly && !program.Payouts.Schedule.IsPayoutDate(date))
        {
            return AffiliateResult<PayoutRun>.Success(
                new PayoutRun(program.Id, PayoutRunStatus.NotPayoutDay, [])
                {
                    RunDate = date,
                    NextPayoutDate = program.Payouts.Schedule.NextOnOrAfter(date.PlusDays(1)),
                }
            );
        }

        // One instance computes a program's payouts at a time; the others skip rather than collide on every line.
        await using var held = jobLocks is null
            ? null
            : await jobLocks.TryAcquireAsync($"payouts:{program.Id}", cancellationToken).ConfigureAwait(false);
        if (jobLocks is not null && held is null)
        {
            return AffiliateResult<PayoutRun>.Success(
                new PayoutRun(program.Id, PayoutRunStatus.RunningElsewhere, []) { RunDate = date }
            );
        }

        var created = new List<Payout>();
        var waiting = new Dictionary<Waiting, int>();
        foreach (var payable in await payouts.PayableAsync(program.Id, cancellationToken).ConfigureAwait(false))
        {
            var (payout, wait) = await CreateAsync(program, payable, at, cancellationToken).ConfigureAwait(false);
            if (payout is not null)
            {
                created.Add(payout);
            }
            else
            {
                waiting[wait] = waiting.GetValueOrDefault(wait) + 1;
            }
        }

        var status = created.Count > 0 ? PayoutRunStatus.Created : PayoutRunStatus.NothingPayable;
        return AffiliateResult<PayoutRun>.Success(
            new PayoutRun(program.Id, status, created)
            {
                RunDate = date,
                BelowThreshold = waiting.GetValueOrDefault(Waiting.BelowThreshold),
                NotPositive = waiting.GetValueOrDefault(Waiting.NotPositive),
                PartnersNotEarning = waiting.GetValueOrDefault(Waiting.NotEarning),
            }
        );
    }

    /// <summary>
    /// Records a payout paid with the host's reference; its lines become paid. The same reference twice changes
    /// nothing.
    /// </summary>
    public async ValueTask<AffiliateResult<Payout>> MarkPaidAsync(
        PayoutId payoutId,
        string externalReference,
        CancellationToken cancellationToken = default
    )
    {
        if (string.IsNullOrWhiteSpace(externalReference))
        {
            return AffiliateResult<Payout>.Failure(
                AffiliateErrorCodes.InvalidRequest,
                "Marking a payout paid needs the external reference of the transfer."
            );
        }

        InputCheck.ThrowIfDefault(payoutId.Value, nameof(payoutId));
        if (
            InputCheck.Text(nameof(externalReference), externalReference, InputLimits.MaxExternalReferenceLength) is
            { } invalid
        )
        {
            return AffiliateResult<Payout>.Failure(invalid);
        }

        return await CloseAsync(
                payoutId,
                (payout, now) =>
                {
                    if (payout.Status == PayoutStatus.Paid)
                    {
                        return payout.ExternalReference == externalReference
                            ? AffiliateResult<Payout>.Replayed(payout)
                            : AffiliateResult<Payout>.Failure(
                                AffiliateErrorCodes.IdempotencyConflict,
                                $"Payout '{payout.Id}' was paid with reference '{payout.ExternalReference}'."
                            );
                    }

                    return (
                        payout with
                        {
                            Status = PayoutStatus.Paid,
                            ExternalReference = externalReference,
                            ClosedAt = now,
                        },
                        new PayoutPaid(payout.Id, payout.PartnerId, payout.Amount, externalReference)
                        {
                            OccurredAt = now,
                            ProgramId = payout.ProgramId,
                        }
                    );
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>Records a payout failed: its lines are released and paid by the next payout.</summary>
    public async ValueTask<AffiliateResult<Payout>> MarkFailedAsync(
        PayoutId payoutId,
        string reason,
        CancellationToken cancellationToken = default
    )
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return AffiliateResult<Payout>.Failure(
                AffiliateErrorCodes.InvalidRequest,
                "Marking a payout failed needs a reason."
            );
        }

        InputCheck.ThrowIfDefault(payoutId.Value, nameof(payoutId));
        if (InputCheck.Text(nameof(reason), reason, InputLimits.MaxReasonLength) is { } invalid)
        {
            return AffiliateResult<Payout>.Failure(invalid);
        }

        return await CloseAsync(
                payoutId,
                (payout, now) =>
                {
                    if (payout.Status == PayoutStatus.Failed)
                    {
                        return AffiliateResult<Payout>.Replayed(payout);
                    }

                    return (
                        payout with
                        {
                            Status = PayoutStatus.Failed,
                            FailureReason = reason,
                            ClosedAt = now,
                        },
                        new PayoutFailed(payout.Id, payout.PartnerId, payout.Amount, reason)
                        {
                            OccurredAt = now,
                            ProgramId = payout.ProgramId,
                        }
                    );
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// A payout with its lines, and the entries a partner reads (each clawback of a refund its own entry, with the
    /// share of the paid commission it takes back).
    /// </summary>
    public async ValueTask<AffiliateResult<PayoutStatement>> StatementAsync(
        PayoutId payoutId,
        CancellationToken cancellationToken = default
    )
    {
        InputCheck.ThrowIfDefault(payoutId.Value, nameof(payoutId));
        var payout = await payouts.FindAsync(payoutId, cancellationToken).ConfigureAwait(false);
        if (payout is null)
        {
            return AffiliateResult<PayoutStatement>.Failure(
                AffiliateErrorCodes.UnknownPayout,
                $"No payout '{payoutId}'."
            );
        }

        // The lines name their payout: one indexed read, however many lines the payout settles.
        var lines = await ledger
            .QueryLinesAsync(new LineQuery { PayoutId = payoutId }, cancellationToken)
            .ConfigureAwait(false);
        var entries = await StatementEntries
            .BuildAsync(lines, conversions, ledger, cancellationToken)
            .ConfigureAwait(false);
        return AffiliateResult<PayoutStatement>.Success(new PayoutStatement(payout, lines) { Entries = entries });
    }

    private async ValueTask<(Payout? Payout, Waiting Why)> CreateAsync(
        AffiliateProgram program,
        PayableBalance payable,
        Instant at,
        CancellationToken cancellationToken
    )
    {
        var partner = await partners.FindAsync(payable.PartnerId, cancellationToken).ConfigureAwait(false);
        if (partner is not { CanEarn: true })
        {
            return (null, Waiting.NotEarning); // suspended or removed partners' balances wait
        }

        var currency = payable.Amount.Currency;
        var threshold =
            partner.PayoutThreshold is { } own && own.Currency == currency
                ? own
                : program.Payouts.ThresholdFor(currency);
        for (var attempt = 0; attempt < options.Value.ConcurrencyRetries; attempt++)
        {
            if (!payable.Amount.IsPositive)
            {
                return (null, Waiting.NotPositive); // negative after clawbacks: netted by a later run
            }

            if (payable.Amount < threshold)
            {
                return (null, Waiting.BelowThreshold); // carried into the next run
            }

            var payout = new Payout
            {
                Id = PayoutId.New(),
                ProgramId = program.Id,
                PartnerId = partner.Id,
                Amount = payable.Amount,
                LineCount = payable.Lines,
                Status = PayoutStatus.Pending,
                CreatedAt = at,
                PayoutDate = at.InZone(program.TimeZone).Date,
            };
            var created = new PayoutCreated(payout.Id, partner.Id, payout.Amount, payout.LineCount)
            {
                OccurredAt = at,
                ProgramId = program.Id,
            };
            var written = await payouts.ClaimAsync(payout, [created], cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                LogPayoutCreated(logger, payout.Id, partner.Id, payout.Amount);
                return (payout with { Version = 1 }, default);
            }

            // Lines were approved, refunded or claimed since the balance was read: read it again and retry.
            var fresh = (
                await payouts.PayableAsync(program.Id, cancellationToken).ConfigureAwait(false)
            ).FirstOrDefault(p => p.PartnerId == partner.Id && p.Amount.Currency == currency);
            if (fresh is null)
            {
                return (null, Waiting.ClaimedElsewhere); // another run paid it meanwhile
            }

            payable = fresh;
        }

        return (null, Waiting.ClaimedElsewhere); // other instances keep claiming these lines; they pay them
    }

    /// <summary>Why a payable balance was not paid by this run.</summary>
    private enum Waiting
    {
        BelowThreshold,
        NotPositive,
        NotEarning,
        ClaimedElsewhere,
    }

    private async ValueTask<AffiliateResult<Payout>> CloseAsync(
        PayoutId payoutId,
        Func<Payout, Instant, Closing> close,
        CancellationToken cancellationToken
    )
    {
        for (var attempt = 0; attempt < options.Value.ConcurrencyRetries; attempt++)
        {
            var payout = await payouts.FindAsync(payoutId, cancellationToken).ConfigureAwait(false);
            if (payout is null)
            {
                return AffiliateResult<Payout>.Failure(AffiliateErrorCodes.UnknownPayout, $"No payout '{payoutId}'.");
            }

            var now = clock.GetCurrentInstant();
            var outcome = close(payout, now);
            if (outcome.Result is { } result)
            {
                return result;
            }

            if (payout.Status != PayoutStatus.Pending)
            {
                return AffiliateResult<Payout>.Failure(
                    AffiliateErrorCodes.InvalidStateTransition,
                    $"Payout '{payoutId}' is {payout.Status}."
                );
            }

            var (updated, @event) = outcome.Change!.Value;
            var written = await payouts
                .CloseAsync(new Versioned<Payout>(updated, payout.Version), [@event], cancellationToken)
                .ConfigureAwait(false);
            if (written.Succeeded)
            {
                return AffiliateResult<Payout>.Success(updated with { Version = payout.Version + 1 });
            }
        }

        return AffiliateResult<Payout>.Failure(
            AffiliateErrorCodes.ConcurrencyConflict,
            $"Payout '{payoutId}' kept colliding with other changes; try again."
        );
    }

    /// <summary>Either an immediate answer or the change to write.</summary>
    private readonly record struct Closing(AffiliateResult<Payout>? Result, (Payout, AffiliateEvent)? Change)
    {
        public static implicit operator Closing(AffiliateResult<Payout> result) => new(result, null);

        public static implicit operator Closing((Payout, AffiliateEvent) change) => new(null, change);
    }

    [LoggerMessage(
        EventId = 1301,
        Level = LogLevel.Information,
        Message = "Payout {PayoutId} of {Amount} created for partner {PartnerId}"
    )]
    private static partial void LogPayoutCreated(ILogger logger, PayoutId payoutId, PartnerId partnerId, Money amount);
}
