using Affiliate.Conversions;
using Affiliate.Events;
using Affiliate.Hosting;
using Affiliate.Programs;
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
    IOptions<AffiliateOptions> options,
    ILogger<CommissionLedger> logger,
    IJobLockStore? jobLocks = null)
{
    private const int Batch = 500;

    /// <summary>
    /// Approves every pending line whose hold period is over at <paramref name="asOf"/> (now when null), in one program
    /// or all. Held lines wait for review. Running it twice, or on several instances at once, approves each line once; while one instance runs it,
    /// others (with a store that locks jobs) skip and return 0.
    /// </summary>
    /// <returns>How many lines this call approved.</returns>
    public async ValueTask<int> ApproveDueAsync(ProgramId? programId = null, Instant? asOf = null, CancellationToken cancellationToken = default)
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
            var due = await ledger.QueryLinesAsync(new LineQuery { ProgramId = programId, States = [CommissionState.Pending], ApprovableAtOrBefore = at, Take = Batch }, cancellationToken).ConfigureAwait(false);
            if (due.Count == 0)
            {
                break;
            }

            var change = new LedgerChange
            {
                Updates = due.Select(l => new Versioned<CommissionLine>(l with { State = CommissionState.Approved, ApprovedAt = at }, l.Version)).ToArray(),
                Events = due.Select(l => (AffiliateEvent)new CommissionLineStateChanged(l.Id, l.PartnerId, CommissionState.Pending, CommissionState.Approved, "hold period over") { OccurredAt = at, ProgramId = l.ProgramId }).ToArray(),
            };
            var written = await ledger.WriteAsync(change, cancellationToken).ConfigureAwait(false);
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
            var change = new LedgerChange
            {
                Updates = updates,
                Conversion = new Versioned<Conversion>(conversion with { Status = status }, conversion.Version),
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
        };
        var written = await ledger.WriteAsync(new LedgerChange
        {
            NewLines = [line],
            Events = [new CommissionLineCreated(line.Id, partnerId, line.Kind, amount, line.State) { OccurredAt = now, ProgramId = program.Id }],
        }, cancellationToken).ConfigureAwait(false);

        return written.Succeeded
            ? AffiliateResult<CommissionLine>.Success(line with { Version = 1 })
            : AffiliateResult<CommissionLine>.Failure(AffiliateErrorCodes.ConcurrencyConflict, written.Detail ?? "adjustment write failed");
    }

    /// <summary>A partner's balances per currency.</summary>
    public async ValueTask<IReadOnlyList<PartnerBalance>> BalancesAsync(PartnerId partnerId, ProgramId? programId = null, CancellationToken cancellationToken = default)
    {
        var lines = await ledger.QueryLinesAsync(new LineQuery { PartnerId = partnerId, ProgramId = programId }, cancellationToken).ConfigureAwait(false);
        return lines.GroupBy(l => l.Amount.Currency).Select(g =>
        {
            Money Sum(Func<CommissionLine, bool> which) => Money.Sum(g.Where(which).Select(l => l.Amount), g.Key);
            return new PartnerBalance(
                g.Key,
                Sum(l => l.State == CommissionState.Pending),
                Sum(l => l.State == CommissionState.Held),
                Sum(l => l.State == CommissionState.Approved && l.PayoutId is null),
                Sum(l => l.State == CommissionState.Approved && l.PayoutId is not null),
                Sum(l => l.State == CommissionState.Paid));
        }).ToArray();
    }

    /// <summary>A partner's lines created in [<paramref name="from"/>, <paramref name="until"/>), oldest first: their statement.</summary>
    public ValueTask<IReadOnlyList<CommissionLine>> StatementAsync(PartnerId partnerId, Instant from, Instant until, ProgramId? programId = null, CancellationToken cancellationToken = default) =>
        ledger.QueryLinesAsync(new LineQuery { PartnerId = partnerId, ProgramId = programId, CreatedFrom = from, CreatedUntil = until }, cancellationToken);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Approved {Count} commission lines due at {AsOf}")]
    private static partial void LogApproved(ILogger logger, int count, Instant asOf);
}
