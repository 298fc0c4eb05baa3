using Affiliate.Stores;

namespace Affiliate;

public sealed partial class CommissionLedger
{
    /// <summary>What is wrong with a decision (it is recorded on lines and shown to partners), or null.</summary>
    internal static string? DecisionProblem(ReviewDecision decision)
    {
        if (string.IsNullOrWhiteSpace(decision.Reason) || string.IsNullOrWhiteSpace(decision.Reviewer))
        {
            return "A review decision needs a reason and a reviewer; both are recorded on the lines.";
        }

        return TextInput.FirstWithControl(("Reason", decision.Reason), ("Reviewer", decision.Reviewer)) is { } field
            ? $"{field} contains a control character."
            : null;
    }

    /// <summary>
    /// The answer for a conversion decided before: the same decision is a replay (its lines as they stand now), the
    /// opposite one is refused, since a rejected line never comes back and an approved one may be paid already.
    /// </summary>
    private async ValueTask<AffiliateResult<IReadOnlyList<CommissionLine>>> ReplayReviewAsync(
        Conversion conversion,
        ConversionReview earlier,
        bool approve,
        CancellationToken cancellationToken
    )
    {
        if (earlier.Approved != approve)
        {
            return AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(
                AffiliateErrorCodes.InvalidStateTransition,
                $"Conversion '{conversion.Id}' was {Decided(earlier.Approved)} on review by {earlier.Reviewer} "
                    + $"({earlier.Reason}); a review decision is final and cannot be turned into {Decided(approve)}."
            );
        }

        var query = new LineQuery { ProgramId = conversion.ProgramId, ConversionId = conversion.Id };
        var lines = await ledger.QueryLinesAsync(query, cancellationToken).ConfigureAwait(false);
        return AffiliateResult<IReadOnlyList<CommissionLine>>.Replayed(lines);

        static string Decided(bool approved) => approved ? "approved" : "rejected";
    }

    /// <summary>
    /// A conversion's history: the conversion with its review decision, and every commission line written for it
    /// (every partner's), oldest first, with the same money as entries, each refund its own entry with its sentence.
    /// Fails with <c>unknown_conversion</c> when the conversion is not recorded.
    /// </summary>
    public async ValueTask<AffiliateResult<ConversionHistory>> HistoryAsync(
        ProgramId? programId,
        ConversionId conversionId,
        CancellationToken cancellationToken = default
    )
    {
        var program = programs.Find(programId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<ConversionHistory>(programId);
        }

        var conversion = await conversions.FindAsync(program.Id, conversionId, cancellationToken).ConfigureAwait(false);
        if (conversion is null)
        {
            return AffiliateResult<ConversionHistory>.Failure(
                AffiliateErrorCodes.UnknownConversion,
                $"Conversion '{conversionId}' is not recorded in program '{program.Id}'."
            );
        }

        var query = new LineQuery { ProgramId = program.Id, ConversionId = conversionId };
        var lines = await ledger.QueryLinesAsync(query, cancellationToken).ConfigureAwait(false);
        var entries = await StatementEntries
            .BuildAsync(lines, conversions, ledger, cancellationToken)
            .ConfigureAwait(false);
        return AffiliateResult<ConversionHistory>.Success(new ConversionHistory(conversion, lines, entries));
    }
}
