using System.Globalization;
using Affiliate.Stores;

namespace Affiliate;

public sealed partial class CommissionLedger
{
    /// <summary>
    /// Adds a manual adjustment (a bonus, a penalty, a correction): an approved line, positive or negative, with its
    /// kind and reason, included in the partner's next payout. Idempotent on
    /// <see cref="AdjustmentRequest.AdjustmentId"/>: the same id with the same content answers the recorded line as a
    /// replay and writes nothing; with other content it fails with <c>idempotency_conflict</c>. An unknown partner
    /// fails with <c>unknown_partner</c>; a kind whose sign does not fit the amount, an empty reason or id, or an
    /// amount that is zero or finer than the currency's minor unit fails with <c>invalid_request</c>; nothing is
    /// written on any failure.
    /// </summary>
    public async ValueTask<AffiliateResult<CommissionLine>> AdjustAsync(
        ProgramId? programId,
        AdjustmentRequest request,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        var program = programs.Find(programId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<CommissionLine>(programId);
        }

        if (AdjustmentProblem(request, program.Currency) is { } problem)
        {
            return problem;
        }

        if (await ReplayAdjustmentAsync(program.Id, request, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        if (await partners.FindAsync(request.PartnerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return AffiliateResult<CommissionLine>.Failure(
                AffiliateErrorCodes.UnknownPartner,
                $"Partner '{request.PartnerId}' is not registered; register the partner before adjusting "
                    + "their balance."
            );
        }

        var now = clock.GetCurrentInstant();
        var amount = request.Amount;
        var kind = request.Kind.ToString().ToLowerInvariant();
        var line = new CommissionLine
        {
            Id = CommissionLineId.New(),
            ProgramId = program.Id,
            PartnerId = request.PartnerId,
            Kind = LedgerEntryKind.Adjustment,
            Amount = amount,
            State = CommissionState.Approved,
            CreatedAt = now,
            ApprovableAt = now,
            ApprovedAt = now,
            Explanation = string.Create(
                CultureInfo.InvariantCulture,
                $"{amount} {kind} (adjustment {request.AdjustmentId}): {request.Reason}."
            ),
            Reason = request.Reason,
            AdjustmentId = request.AdjustmentId,
            AdjustmentKind = request.Kind,
            Placement = new ReportPlacement(now.InZone(program.TimeZone).Date, null, null),
        };
        var created = new CommissionLineCreated(line.Id, line.PartnerId, line.Kind, amount, line.State)
        {
            OccurredAt = now,
            ProgramId = program.Id,
        };
        var change = new LedgerChange
        {
            NewLines = [line],
            Rollups = new RollupChange().Line(line),
            Events = [created],
        };
        var written = await ledger.WriteAsync(change, cancellationToken).ConfigureAwait(false);
        if (written.Succeeded)
        {
            return AffiliateResult<CommissionLine>.Success(line with { Version = 1 });
        }

        // A concurrent request with the same id won: answer as its redelivery.
        return await ReplayAdjustmentAsync(program.Id, request, cancellationToken).ConfigureAwait(false)
            ?? AffiliateResult<CommissionLine>.Failure(
                AffiliateErrorCodes.ConcurrencyConflict,
                written.Detail ?? "adjustment write failed"
            );
    }

    private static AffiliateResult<CommissionLine>? AdjustmentProblem(AdjustmentRequest request, Currency currency)
    {
        static AffiliateResult<CommissionLine> Invalid(string description) =>
            AffiliateResult<CommissionLine>.Failure(AffiliateErrorCodes.InvalidRequest, description);

        if (string.IsNullOrWhiteSpace(request.AdjustmentId))
        {
            return Invalid("An adjustment needs an AdjustmentId (the caller's id) so that a retry changes nothing.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return Invalid("An adjustment needs a reason; partners see it on their statement.");
        }

        // The same limits and characters on every store, and amounts a store can hold (see InputLimits).
        if (
            InputCheck.First(
                InputCheck.Text(nameof(request.AdjustmentId), request.AdjustmentId, InputLimits.MaxIdLength),
                InputCheck.Text(nameof(request.Reason), request.Reason, InputLimits.MaxReasonLength),
                InputCheck.Amount(nameof(request.Amount), request.Amount)
            ) is
            { } invalid
        )
        {
            return AffiliateResult<CommissionLine>.Failure(invalid);
        }

        if (request.PartnerId.Value is null)
        {
            return Invalid("An adjustment needs the partner it is for.");
        }

        var amount = request.Amount;
        if (amount.Currency.IsDefault || amount.IsZero || !amount.IsRounded)
        {
            return Invalid(
                $"An adjustment is a non-zero amount rounded to the currency's minor unit; {amount} is not."
            );
        }

        if (amount.Currency != currency)
        {
            return AffiliateResult<CommissionLine>.Failure(
                AffiliateErrorCodes.CurrencyMismatch,
                $"The program pays in {currency}; give the adjustment in {currency}, not {amount.Currency}."
            );
        }

        return request.Kind switch
        {
            AdjustmentKind.Bonus when amount.IsNegative => Invalid(
                $"A bonus adds money: give a positive amount, not {amount} (or use a penalty or correction)."
            ),
            AdjustmentKind.Penalty when amount.IsPositive => Invalid(
                $"A penalty takes money: give a negative amount, not {amount}."
            ),
            AdjustmentKind.Bonus or AdjustmentKind.Penalty or AdjustmentKind.Correction => null,
            _ => Invalid($"'{request.Kind}' is not an adjustment kind; use bonus, penalty or correction."),
        };
    }

    /// <summary>The answer for an adjustment id recorded before (a replay, or a conflict); null when new.</summary>
    private async ValueTask<AffiliateResult<CommissionLine>?> ReplayAdjustmentAsync(
        ProgramId programId,
        AdjustmentRequest request,
        CancellationToken cancellationToken
    )
    {
        var existing = await ledger
            .FindAdjustmentAsync(programId, request.AdjustmentId, cancellationToken)
            .ConfigureAwait(false);
        if (existing is null)
        {
            return null;
        }

        var same =
            existing.PartnerId == request.PartnerId
            && existing.Amount == request.Amount
            && existing.AdjustmentKind == request.Kind
            && string.Equals(existing.Reason, request.Reason, StringComparison.Ordinal);
        return same
            ? AffiliateResult<CommissionLine>.Replayed(existing)
            : AffiliateResult<CommissionLine>.Failure(
                AffiliateErrorCodes.IdempotencyConflict,
                $"Adjustment '{request.AdjustmentId}' was recorded before with other content; use a new id for "
                    + "a new adjustment."
            );
    }
}
