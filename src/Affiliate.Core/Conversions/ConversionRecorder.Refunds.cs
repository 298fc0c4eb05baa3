using Affiliate.Stores;

namespace Affiliate;

public sealed partial class ConversionRecorder
{
    /// <summary>
    /// Records a refund, chargeback or cancellation. Every commission line of the conversion is reversed in proportion
    /// to what has been refunded in total: an unpaid line fully refunded moves to reversed; an unpaid line partly
    /// refunded gets a negative reversal line that follows its state; a paid line gets a negative clawback line,
    /// approved at once and deducted from the next payout when the program allows clawback.
    /// </summary>
    private async ValueTask<AffiliateResult<RefundOutcome>> RecordRefundAsync(
        RefundRequest request,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        var program = programs.Find(request.ProgramId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<RefundOutcome>(request.ProgramId);
        }

        if (ConversionInput.Problem(request) is { } invalid)
        {
            return AffiliateResult<RefundOutcome>.Failure(invalid);
        }

        // Concurrent refunds of one conversion wait for each other here (when the store can), instead of colliding
        // on the conversion's version below and giving up after the retries.
        await using var serialised = conversions is IConversionLockStore locks
            ? await locks.LockConversionAsync(program.Id, request.ConversionId, cancellationToken).ConfigureAwait(false)
            : null;
        for (var attempt = 0; ; attempt++)
        {
            var conversion = await conversions
                .FindAsync(program.Id, request.ConversionId, cancellationToken)
                .ConfigureAwait(false);
            if (conversion is null)
            {
                return AffiliateResult<RefundOutcome>.Failure(
                    AffiliateErrorCodes.UnknownConversion,
                    $"Conversion '{request.ConversionId}' is not recorded in program '{program.Id}'; record the "
                        + "conversion before its refund."
                );
            }

            // The one rounding rule of sales and refunds: to the minor unit by the plan's rounding, before anything.
            var amount = request.Amount?.Round(
                program.Plan.VersionAt(conversion.OccurredAt)?.Rounding ?? MidpointRounding.AwayFromZero
            )
                ?? conversion.Refundable;
            if (
                await conversions
                    .FindRefundAsync(program.Id, request.RefundId, cancellationToken)
                    .ConfigureAwait(false) is
                { } existing
            )
            {
                var compared = request.Amount is null ? existing.Amount : amount;
                return await ReplayRefundAsync(existing, request, compared, cancellationToken).ConfigureAwait(false);
            }

            if (amount.Currency != conversion.Amount.Currency)
            {
                return AffiliateResult<RefundOutcome>.Failure(
                    AffiliateErrorCodes.CurrencyMismatch,
                    $"Refund '{request.RefundId}' is in {amount.Currency} but conversion '{conversion.Id}' is in "
                        + $"{conversion.Amount.Currency}."
                );
            }

            if (!amount.IsPositive)
            {
                return AffiliateResult<RefundOutcome>.Failure(
                    AffiliateErrorCodes.InvalidRequest,
                    $"A refund amount is positive once rounded to the currency's minor unit; {request.Amount} is not."
                );
            }

            if (request.OccurredAt is { } refundedAt && refundedAt < conversion.OccurredAt)
            {
                return AffiliateResult<RefundOutcome>.Failure(
                    AffiliateErrorCodes.InstantOutOfRange,
                    $"Refund '{request.RefundId}' is dated before conversion '{conversion.Id}' occurred."
                );
            }

            if (amount > conversion.Refundable)
            {
                return AffiliateResult<RefundOutcome>.Failure(
                    AffiliateErrorCodes.RefundExceedsSale,
                    $"Refund '{request.RefundId}' of {amount} is more than the {conversion.Refundable} left to "
                        + $"refund on conversion '{conversion.Id}'."
                );
            }

            var now = clock.GetCurrentInstant();
            var refund = new Refund
            {
                Id = request.RefundId,
                ProgramId = program.Id,
                ConversionId = conversion.Id,
                Kind = request.Kind,
                Amount = amount,
                OccurredAt = request.OccurredAt ?? now,
                RecordedAt = now,
                Reason = request.Reason,
                Fingerprint = Fingerprint.Of(request, amount),
            };

            var lines = await ledger
                .QueryLinesAsync(
                    new LineQuery { ProgramId = program.Id, ConversionId = conversion.Id },
                    cancellationToken
                )
                .ConfigureAwait(false);
            var refunded = conversion.Refunded + amount;
            var fraction = conversion.Amount.IsZero ? 1m : refunded.Amount / conversion.Amount.Amount;
            var plan = Reversals.Plan(lines, refunded, conversion.Amount, refund, program.Payouts.AllowClawback, now);

            var updated = conversion with
            {
                Refunded = refunded,
                Status =
                    conversion.Status is ConversionStatus.Rejected or ConversionStatus.NotAttributed ? conversion.Status
                    : fraction >= 1m ? ConversionStatus.Reversed
                    : ConversionStatus.PartiallyRefunded,
            };

            var events = new List<AffiliateEvent>
            {
                new RefundRecorded(conversion.Id, refund.Id, refund.Kind, amount)
                {
                    OccurredAt = now,
                    ProgramId = program.Id,
                },
            };
            events.AddRange(
                plan.Reversed.Select(l => new CommissionLineStateChanged(
                    l.Value.Id,
                    l.Value.PartnerId,
                    lines.First(x => x.Id == l.Value.Id).State,
                    CommissionState.Reversed,
                    refund.Reason ?? refund.Kind.ToString()
                )
                {
                    OccurredAt = now,
                    ProgramId = program.Id,
                })
            );
            events.AddRange(
                plan.NewLines.Select(l => new CommissionLineCreated(l.Id, l.PartnerId, l.Kind, l.Amount, l.State)
                {
                    OccurredAt = now,
                    ProgramId = program.Id,
                })
            );

            var rollups = new RollupChange();
            var sources = await ClickSources.ForAsync(touches, conversion, cancellationToken).ConfigureAwait(false);
            rollups
                .Conversion(conversion, program.TimeZone, program.Currency, sources, -1)
                .Conversion(updated, program.TimeZone, program.Currency, sources);
            foreach (var reversed in plan.Reversed)
            {
                rollups.LineChanged(lines.First(l => l.Id == reversed.Value.Id), reversed.Value);
            }

            foreach (var line in plan.NewLines)
            {
                rollups.Line(line);
            }

            var record = new RefundRecord(
                refund,
                new Versioned<Conversion>(updated, conversion.Version),
                plan.Reversed,
                plan.NewLines,
                events
            )
            {
                Rollups = rollups,
            };
            var written = await conversions.RecordRefundAsync(record, cancellationToken).ConfigureAwait(false);
            switch (written.Status)
            {
                case StoreWriteStatus.Written:
                    return AffiliateResult<RefundOutcome>.Success(
                        new RefundOutcome(
                            refund,
                            updated with
                            {
                                Version = conversion.Version + 1,
                            },
                            plan.Reversed.Select(r => r.Value with { Version = r.ExpectedVersion + 1 }).ToArray(),
                            plan.NewLines.Select(l => l with { Version = 1 }).ToArray()
                        )
                    );
                case StoreWriteStatus.Duplicate:
                    continue; // a concurrent redelivery won; the next pass answers as a replay
                default:
                    if (attempt + 1 >= options.Value.ConcurrencyRetries)
                    {
                        return AffiliateResult<RefundOutcome>.Failure(
                            AffiliateErrorCodes.ConcurrencyConflict,
                            $"Refund '{request.RefundId}' kept colliding with other changes ({written.Detail}); try "
                                + "again."
                        );
                    }

                    continue;
            }
        }
    }

    private async ValueTask<AffiliateResult<RefundOutcome>> ReplayRefundAsync(
        Refund existing,
        RefundRequest request,
        Money amount,
        CancellationToken cancellationToken
    )
    {
        // The amount of a "refund the rest" request is whatever was left then; compare with what was recorded.
        if (existing.Fingerprint != Fingerprint.Of(request, amount))
        {
            return AffiliateResult<RefundOutcome>.Failure(
                AffiliateErrorCodes.IdempotencyConflict,
                $"Refund '{existing.Id}' was recorded before with other content."
            );
        }

        var conversion = await conversions
            .FindAsync(existing.ProgramId, existing.ConversionId, cancellationToken)
            .ConfigureAwait(false);
        var lines = await ledger
            .QueryLinesAsync(
                new LineQuery { ProgramId = existing.ProgramId, ConversionId = existing.ConversionId },
                cancellationToken
            )
            .ConfigureAwait(false);
        var added = lines.Where(l => l.RefundId == existing.Id && l.ReversesLineId is not null).ToArray();
        return AffiliateResult<RefundOutcome>.Replayed(new RefundOutcome(existing, conversion!, [], added));
    }
}
