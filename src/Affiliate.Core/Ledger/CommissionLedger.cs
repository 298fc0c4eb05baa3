using Affiliate.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Moves commission lines through their states: approval once the hold period is over, fraud reviews, manual
/// adjustments; and reads balances and statements. Every change is written with its events in one transaction and
/// retried when another instance changed the same lines. Thread-safe.
/// </summary>
public sealed partial class CommissionLedger(
    IClock clock,
    ProgramCatalog programs,
    IConversionStore conversions,
    ILedgerStore ledger,
    IRollupStore rollups,
    ITouchStore touches,
    IOptions<AffiliateOptions> options,
    ILogger<CommissionLedger> logger,
    IPartnerStore partners,
    AffiliateDiagnostics diagnostics,
    IJobLockStore? jobLocks = null
)
{
    // Lines per set-based approval statement: big enough that a run is a few statements, small enough that one batch's
    // transaction stays short and its id list fits every provider's parameter limit.
    private const int Batch = 2000;

    /// <summary>
    /// Approves every pending line whose hold period is over at <paramref name="asOf"/> (now when null), in one program
    /// or all. Held lines wait for review. Running it twice, or on several instances at once, approves each line once;
    /// while one instance runs it, others (with a store that locks jobs) skip and return 0.
    /// </summary>
    /// <returns>How many lines this call approved.</returns>
    private async ValueTask<int> ApproveAsync(ProgramId? programId, Instant? asOf, CancellationToken cancellationToken)
    {
        // One instance approves at a time; the others skip rather than collide on every line.
        await using var held = jobLocks is null
            ? null
            : await jobLocks
                .TryAcquireAsync($"approve:{programId?.Value ?? "*"}", cancellationToken)
                .ConfigureAwait(false);
        if (jobLocks is not null && held is null)
        {
            return 0;
        }

        var at = asOf ?? clock.GetCurrentInstant();
        var approved = 0;
        var collisions = 0;
        while (true)
        {
            // Due lines in index order (approvable_at, id): each batch reads the front of the index, never re-sorts.
            var due = await ledger.DueLinesAsync(programId, at, Batch, cancellationToken).ConfigureAwait(false);
            if (due.Count == 0)
            {
                break;
            }

            var events = due.GroupBy(l => (l.ProgramId, l.PartnerId, l.Amount.Currency))
                .Select(g =>
                    (AffiliateEvent)
                        new CommissionsApproved(
                            g.Key.PartnerId,
                            g.Count(),
                            Money.Sum(g.Select(l => l.Amount), g.Key.Currency)
                        )
                        {
                            OccurredAt = at,
                            ProgramId = g.Key.ProgramId,
                        }
                )
                .ToList();
            if (options.Value.LineEvents)
            {
                events.AddRange(
                    due.Select(l => new CommissionLineStateChanged(
                        l.Id,
                        l.PartnerId,
                        CommissionState.Pending,
                        CommissionState.Approved,
                        "hold period over"
                    )
                    {
                        OccurredAt = at,
                        ProgramId = l.ProgramId,
                    })
                );
            }

            var move = new LineMove
            {
                LineIds = due.Select(l => l.Id).ToArray(),
                From = CommissionState.Pending,
                To = CommissionState.Approved,
                At = at,
                Events = events,
            };
            var written = await ledger.MoveAsync(move, cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                approved += due.Count;
                if (due.Count < Batch)
                {
                    break;
                }
            }
            else if (++collisions >= options.Value.ConcurrencyRetries)
            {
                break; // another instance keeps moving these lines; what is left is approved by the next run
            }
        }

        if (approved > 0)
        {
            LogApproved(logger, approved, at);
        }

        return approved;
    }

    /// <summary>
    /// Decides a conversion held by a fraud rule: approved, its held lines become pending (and are approved when the
    /// hold period is over); rejected, they are rejected. The decision (reviewer, reason, time) is recorded on the
    /// conversion and the reason on every line, and raises <see cref="ConversionReviewed"/>. A decision is final:
    /// deciding the same way again is a replay (the first decision's reason and reviewer stay), the opposite decision
    /// fails with <c>invalid_state_transition</c>. <see cref="ReviewQueue"/> lists what waits and decides in batches.
    /// </summary>
    public async ValueTask<AffiliateResult<IReadOnlyList<CommissionLine>>> ReviewAsync(
        ProgramId? programId,
        ConversionId conversionId,
        ReviewDecision decision,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(decision);
        InputCheck.ThrowIfDefault(conversionId.Value, nameof(conversionId));
        var program = programs.Find(programId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<IReadOnlyList<CommissionLine>>(programId);
        }

        if (DecisionProblem(decision) is { } problem)
        {
            return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(AffiliateErrorCodes.InvalidRequest, problem);
        }

        if (
            InputCheck.First(
                InputCheck.Text(nameof(decision.Reason), decision.Reason, InputLimits.MaxReasonLength),
                InputCheck.Text(nameof(decision.Reviewer), decision.Reviewer, InputLimits.MaxNameLength)
            ) is
            { } invalid
        )
        {
            return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(invalid);
        }

        for (var attempt = 0; attempt < options.Value.ConcurrencyRetries; attempt++)
        {
            var conversion = await conversions
                .FindAsync(program.Id, conversionId, cancellationToken)
                .ConfigureAwait(false);
            if (conversion is null)
            {
                return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(
                    AffiliateErrorCodes.UnknownConversion,
                    $"Conversion '{conversionId}' is not recorded in program '{program.Id}'."
                );
            }

            if (conversion.Review is { } earlier)
            {
                return await ReplayReviewAsync(conversion, earlier, decision.Approve, cancellationToken)
                    .ConfigureAwait(false);
            }

            var held = await ledger
                .QueryLinesAsync(
                    new LineQuery
                    {
                        ProgramId = program.Id,
                        ConversionId = conversionId,
                        States = [CommissionState.Held],
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
            if (conversion.Status != ConversionStatus.Held && held.Count == 0)
            {
                return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(
                    AffiliateErrorCodes.InvalidStateTransition,
                    $"Conversion '{conversionId}' is {conversion.Status}, not held for review."
                );
            }

            var now = clock.GetCurrentInstant();
            var to = decision.Approve ? CommissionState.Pending : CommissionState.Rejected;
            var reason =
                $"{(decision.Approve ? "approved" : "rejected")} on review by {decision.Reviewer}: {decision.Reason}";
            var updates = held.Select(l => new Versioned<CommissionLine>(
                    l with
                    {
                        State = to,
                        Reason = reason,
                        ClosedAt = decision.Approve ? null : now,
                    },
                    l.Version
                ))
                .ToArray();
            var status =
                conversion.Status == ConversionStatus.Held
                    ? (decision.Approve ? ConversionStatus.Attributed : ConversionStatus.Rejected)
                    : conversion.Status;
            var decided = conversion with
            {
                Status = status,
                Review = new ConversionReview(decision.Approve, decision.Reviewer, decision.Reason, now),
            };
            var reviewed = new ConversionReviewed(conversionId, decision.Approve, decision.Reviewer, decision.Reason)
            {
                OccurredAt = now,
                ProgramId = program.Id,
            };
            var change = new LedgerChange
            {
                Updates = updates,
                Conversion = new Versioned<Conversion>(decided, conversion.Version),
                Rollups = await ReviewRollupsAsync(program, conversion, decided, held, updates, cancellationToken)
                    .ConfigureAwait(false),
                Events = held.Select(l =>
                        (AffiliateEvent)
                            new CommissionLineStateChanged(l.Id, l.PartnerId, CommissionState.Held, to, reason)
                            {
                                OccurredAt = now,
                                ProgramId = program.Id,
                            }
                    )
                    .Append(reviewed)
                    .ToArray(),
            };

            var written = await ledger.WriteAsync(change, cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                return AffiliateResult<IReadOnlyList<CommissionLine>>.Success(
                    updates.Select(u => u.Value with { Version = u.ExpectedVersion + 1 }).ToArray()
                );
            }
        }

        return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(
            AffiliateErrorCodes.ConcurrencyConflict,
            $"The review of conversion '{conversionId}' kept colliding with other changes; try again."
        );
    }

    /// <summary>
    /// A partner's balances per currency (in one program, or summed over all), read from the balances the writes keep:
    /// one row per program and currency, however many lines the partner ever earned.
    /// </summary>
    public async ValueTask<IReadOnlyList<PartnerBalance>> BalancesAsync(
        PartnerId partnerId,
        ProgramId? programId = null,
        CancellationToken cancellationToken = default
    )
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        var rows = await rollups.BalancesAsync(partnerId, programId, cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Currency)
            .Select(g =>
            {
                var sum = g.Aggregate(default(BalanceCounters), (total, row) => total + row.Counters);
                Money Of(long minor) => Money.OfMinor(minor, g.Key);
                return new PartnerBalance(
                    g.Key,
                    Of(sum.PendingMinor),
                    Of(sum.HeldMinor),
                    Of(sum.ApprovedMinor),
                    Of(sum.InPayoutMinor),
                    Of(sum.PaidMinor)
                );
            })
            .ToArray();
    }

    /// <summary>
    /// What a review decision changes on the read side: the conversion's status and the held lines' states.
    /// </summary>
    private async ValueTask<RollupChange> ReviewRollupsAsync(
        AffiliateProgram program,
        Conversion before,
        Conversion after,
        IReadOnlyList<CommissionLine> held,
        IReadOnlyList<Versioned<CommissionLine>> updates,
        CancellationToken cancellationToken
    )
    {
        var change = new RollupChange();
        if (before.Status != after.Status)
        {
            var sources = await ClickSources.ForAsync(touches, before, cancellationToken).ConfigureAwait(false);
            change
                .Conversion(before, program.TimeZone, program.Currency, sources, -1)
                .Conversion(after, program.TimeZone, program.Currency, sources);
        }

        foreach (var update in updates)
        {
            change.LineChanged(held.First(l => l.Id == update.Value.Id), update.Value);
        }

        return change;
    }

    /// <summary>
    /// A partner's statement for [<paramref name="from"/>, <paramref name="until"/>): their lines created in the
    /// period, oldest first, and the same money as entries a partner reads, each refund its own entry with its
    /// sentence (see <see cref="PartnerStatement"/>).
    /// </summary>
    public async ValueTask<PartnerStatement> StatementAsync(
        PartnerId partnerId,
        Instant from,
        Instant until,
        ProgramId? programId = null,
        CancellationToken cancellationToken = default
    )
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        var query = new LineQuery
        {
            PartnerId = partnerId,
            ProgramId = programId,
            CreatedFrom = from,
            CreatedUntil = until,
        };
        var lines = await ledger.QueryLinesAsync(query, cancellationToken).ConfigureAwait(false);
        var entries = await StatementEntries
            .BuildAsync(lines, conversions, ledger, cancellationToken)
            .ConfigureAwait(false);
        return new PartnerStatement(lines, entries);
    }

    [LoggerMessage(
        EventId = 1201,
        Level = LogLevel.Information,
        Message = "Approved {Count} commission lines due at {AsOf}"
    )]
    private static partial void LogApproved(ILogger logger, int count, Instant asOf);
}
