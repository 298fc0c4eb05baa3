using Affiliate.Conversions;
using Affiliate.Events;
using Affiliate.Hosting;
using Affiliate.Programs;
using Affiliate.Reports;
using Affiliate.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate.Ledger;

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
    Diagnostics.AffiliateDiagnostics diagnostics,
    IJobLockStore? jobLocks = null)
{
    // Lines per set-based approval statement: big enough that a run is a few statements, small enough that one batch's
    // transaction stays short and its id list fits every provider's parameter limit.
    private const int Batch = 2000;

    /// <summary>
    /// Approves every pending line whose hold period is over at <paramref name="asOf"/> (now when null), in one program
    /// or all. Held lines wait for review. Running it twice, or on several instances at once, approves each line once; while one instance runs it,
    /// others (with a store that locks jobs) skip and return 0.
    /// </summary>
    /// <returns>How many lines this call approved.</returns>
    private async ValueTask<int> ApproveAsync(ProgramId? programId, Instant? asOf, CancellationToken cancellationToken)
    {
        // One instance approves at a time; the others skip rather than collide on every line.
        await using var held = jobLocks is null ? null : await jobLocks.TryAcquireAsync($"approve:{programId?.Value ?? "*"}", cancellationToken).ConfigureAwait(false);
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
                .Select(g => (AffiliateEvent)new CommissionsApproved(g.Key.PartnerId, g.Count(), Money.Sum(g.Select(l => l.Amount), g.Key.Currency)) { OccurredAt = at, ProgramId = g.Key.ProgramId })
                .ToList();
            if (options.Value.LineEvents)
            {
                events.AddRange(due.Select(l => new CommissionLineStateChanged(l.Id, l.PartnerId, CommissionState.Pending, CommissionState.Approved, "hold period over") { OccurredAt = at, ProgramId = l.ProgramId }));
            }

            var move = new LineMove { LineIds = due.Select(l => l.Id).ToArray(), From = CommissionState.Pending, To = CommissionState.Approved, At = at, Events = events };
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
    /// hold period is over); rejected, they are rejected. The reason and reviewer are recorded on every line.
    /// </summary>
    public async ValueTask<AffiliateResult<IReadOnlyList<CommissionLine>>> ReviewAsync(ProgramId? programId, ConversionId conversionId, ReviewDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var program = programs.Find(programId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<IReadOnlyList<CommissionLine>>(programId);
        }

        if (string.IsNullOrWhiteSpace(decision.Reason) || string.IsNullOrWhiteSpace(decision.Reviewer))
        {
            return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(AffiliateErrorCodes.InvalidRequest, "A review decision needs a reason and a reviewer; both are recorded on the lines.");
        }

        for (var attempt = 0; attempt < options.Value.ConcurrencyRetries; attempt++)
        {
            var conversion = await conversions.FindAsync(program.Id, conversionId, cancellationToken).ConfigureAwait(false);
            if (conversion is null)
            {
                return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(AffiliateErrorCodes.UnknownConversion, $"Conversion '{conversionId}' is not recorded in program '{program.Id}'.");
            }

            var held = await ledger.QueryLinesAsync(new LineQuery { ProgramId = program.Id, ConversionId = conversionId, States = [CommissionState.Held] }, cancellationToken).ConfigureAwait(false);
            if (conversion.Status != ConversionStatus.Held && held.Count == 0)
            {
                return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(AffiliateErrorCodes.InvalidStateTransition, $"Conversion '{conversionId}' is {conversion.Status}, not held for review.");
            }

            var now = clock.GetCurrentInstant();
            var to = decision.Approve ? CommissionState.Pending : CommissionState.Rejected;
            var reason = $"{(decision.Approve ? "approved" : "rejected")} on review by {decision.Reviewer}: {decision.Reason}";
            var updates = held.Select(l => new Versioned<CommissionLine>(l with { State = to, Reason = reason, ClosedAt = decision.Approve ? null : now }, l.Version)).ToArray();
            var status = conversion.Status == ConversionStatus.Held ? (decision.Approve ? ConversionStatus.Attributed : ConversionStatus.Rejected) : conversion.Status;
            var decided = conversion with { Status = status };
            var change = new LedgerChange
            {
                Updates = updates,
                Conversion = new Versioned<Conversion>(decided, conversion.Version),
                Rollups = await ReviewRollupsAsync(program, conversion, decided, held, updates, cancellationToken).ConfigureAwait(false),
                Events = held.Select(l => (AffiliateEvent)new CommissionLineStateChanged(l.Id, l.PartnerId, CommissionState.Held, to, reason) { OccurredAt = now, ProgramId = program.Id }).ToArray(),
            };

            var written = await ledger.WriteAsync(change, cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                return AffiliateResult<IReadOnlyList<CommissionLine>>.Success(updates.Select(u => u.Value with { Version = u.ExpectedVersion + 1 }).ToArray());
            }
        }

        return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(AffiliateErrorCodes.ConcurrencyConflict, $"The review of conversion '{conversionId}' kept colliding with other changes; try again.");
    }

    /// <summary>
    /// Adds a manual adjustment (a correction, a goodwill payment, a penalty): an approved line, positive or negative,
    /// with its reason, included in the partner's next payout.
    /// </summary>
    public async ValueTask<AffiliateResult<CommissionLine>> AdjustAsync(ProgramId? programId, PartnerId partnerId, Money amount, string reason, CancellationToken cancellationToken = default)
    {
        var program = programs.Find(programId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<CommissionLine>(programId);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return AffiliateResult<CommissionLine>.Failure(AffiliateErrorCodes.InvalidRequest, "An adjustment needs a reason; partners see it on their statement.");
        }

        if (amount.Currency.IsDefault || amount.IsZero || !amount.IsRounded)
        {
            return AffiliateResult<CommissionLine>.Failure(AffiliateErrorCodes.InvalidRequest, $"An adjustment is a non-zero amount rounded to the currency's minor unit; {amount} is not.");
        }

        if (amount.Currency != program.Currency)
        {
            return AffiliateResult<CommissionLine>.Failure(AffiliateErrorCodes.CurrencyMismatch, $"Program '{program.Id}' pays in {program.Currency}; give the adjustment in {program.Currency}, not {amount.Currency}.");
        }

        var now = clock.GetCurrentInstant();
        var line = new CommissionLine
        {
            Id = CommissionLineId.New(),
            ProgramId = program.Id,
            PartnerId = partnerId,
            Kind = LedgerEntryKind.Adjustment,
            Amount = amount,
            State = CommissionState.Approved,
            CreatedAt = now,
            ApprovableAt = now,
            ApprovedAt = now,
            Explanation = $"{amount} manual adjustment: {reason}.",
            Reason = reason,
            Placement = new Reports.ReportPlacement(now.InZone(program.TimeZone).Date, null, null),
        };
        var written = await ledger.WriteAsync(new LedgerChange
        {
            NewLines = [line],
            Rollups = new RollupChange().Line(line),
            Events = [new CommissionLineCreated(line.Id, partnerId, line.Kind, amount, line.State) { OccurredAt = now, ProgramId = program.Id }],
        }, cancellationToken).ConfigureAwait(false);

        return written.Succeeded
            ? AffiliateResult<CommissionLine>.Success(line with { Version = 1 })
            : AffiliateResult<CommissionLine>.Failure(AffiliateErrorCodes.ConcurrencyConflict, written.Detail ?? "adjustment write failed");
    }

    /// <summary>
    /// A partner's balances per currency (in one program, or summed over all), read from the balances the writes keep:
    /// one row per program and currency, however many lines the partner ever earned.
    /// </summary>
    public async ValueTask<IReadOnlyList<PartnerBalance>> BalancesAsync(PartnerId partnerId, ProgramId? programId = null, CancellationToken cancellationToken = default)
    {
        var rows = await rollups.BalancesAsync(partnerId, programId, cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Currency).Select(g =>
        {
            var sum = g.Aggregate(default(BalanceCounters), (total, row) => total + row.Counters);
            Money Of(long minor) => Money.OfMinor(minor, g.Key);
            return new PartnerBalance(g.Key, Of(sum.PendingMinor), Of(sum.HeldMinor), Of(sum.ApprovedMinor), Of(sum.InPayoutMinor), Of(sum.PaidMinor));
        }).ToArray();
    }

    /// <summary>What a review decision changes on the read side: the conversion's status and the held lines' states.</summary>
    private async ValueTask<RollupChange> ReviewRollupsAsync(AffiliateProgram program, Conversion before, Conversion after, IReadOnlyList<CommissionLine> held, IReadOnlyList<Versioned<CommissionLine>> updates, CancellationToken cancellationToken)
    {
        var change = new RollupChange();
        if (before.Status != after.Status)
        {
            var sources = await ClickSources.ForAsync(touches, before, cancellationToken).ConfigureAwait(false);
            change.Conversion(before, program.TimeZone, program.Currency, sources, -1).Conversion(after, program.TimeZone, program.Currency, sources);
        }

        foreach (var update in updates)
        {
            change.LineChanged(held.First(l => l.Id == update.Value.Id), update.Value);
        }

        return change;
    }

    /// <summary>A partner's lines created in [<paramref name="from"/>, <paramref name="until"/>), oldest first: their statement.</summary>
    public ValueTask<IReadOnlyList<CommissionLine>> StatementAsync(PartnerId partnerId, Instant from, Instant until, ProgramId? programId = null, CancellationToken cancellationToken = default) =>
        ledger.QueryLinesAsync(new LineQuery { PartnerId = partnerId, ProgramId = programId, CreatedFrom = from, CreatedUntil = until }, cancellationToken);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Approved {Count} commission lines due at {AsOf}")]
    private static partial void LogApproved(ILogger logger, int count, Instant asOf);
}
