using Affiliate.Stores;

namespace Affiliate;

/// <summary>
/// The review queue of a program: conversions and commission lines held by fraud rules, with the rules' reasons,
/// and the decisions on them, one conversion or many at once, with who decided and why. Each decision is
/// <see cref="CommissionLedger.ReviewAsync"/>'s: recorded on the conversion and its lines, raising
/// <see cref="ConversionReviewed"/>, final (the same decision again is a replay, the opposite one
/// <c>invalid_state_transition</c>). Registered (scoped) by <c>AddAffiliates</c>; thread-safe when the store is.
/// </summary>
/// <example><code>
/// var queue = services.GetRequiredService&lt;ReviewQueue&gt;();
/// var page = (await queue.HeldConversionsAsync(program, new PageRequest { Size = 50 })).GetValueOrThrow();
/// var decision = new ReviewDecision(Approve: true, Reason: "customer verified by phone", Reviewer: "ops@shop");
/// var batch = (await queue.DecideAsync(program, page.Items.Select(h => h.Conversion.Id).ToArray(), decision))
///     .GetValueOrThrow();
/// foreach (var item in batch.Items.Where(i => !i.Result.Succeeded)) { /* show item.Result.Error */ }
/// </code></example>
public sealed class ReviewQueue
{
    /// <summary>The most conversions one batch decides (a page of the queue at its largest).</summary>
    public const int MaxBatch = PageRequest.MaxSize;

    private readonly CommissionLedger _ledger;
    private readonly AffiliateLists _lists;
    private readonly ProgramCatalog _programs;

    /// <summary>Creates the queue over the ledger and the lists.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ReviewQueue(CommissionLedger ledger, AffiliateLists lists, ProgramCatalog programs)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(programs);
        _ledger = ledger;
        _lists = lists;
        _programs = programs;
    }

    /// <summary>
    /// The conversions waiting for review (status <see cref="ConversionStatus.Held"/>), newest first, one keyset page
    /// at a time (the conversion list's cursor), each with the reasons of the rules that held it; optionally only one
    /// partner's.
    /// </summary>
    public async ValueTask<AffiliateResult<Page<HeldConversion>>> HeldConversionsAsync(
        ProgramId? programId,
        PageRequest page,
        PartnerId? partnerId = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(page);
        if (_programs.Find(programId) is not { } program)
        {
            return ProgramCatalog.Unknown<Page<HeldConversion>>(programId);
        }

        var filter = new ConversionListFilter
        {
            ProgramId = program.Id,
            Status = ConversionStatus.Held,
            PartnerId = partnerId,
        };
        var listed = await _lists.ConversionsAsync(filter, page, cancellationToken).ConfigureAwait(false);
        return WithReasons(listed, c => new HeldConversion(c, FraudReason.Of(c.FraudCodes)));
    }

    /// <summary>
    /// The commission lines waiting for review (state <see cref="CommissionState.Held"/>), newest first, one keyset
    /// page at a time (the commission line list's cursor), each with the reasons of the rules that held it;
    /// optionally only one partner's. A held line's conversion is decided with <see cref="DecideAsync(ProgramId?,
    /// ConversionId, ReviewDecision, CancellationToken)"/>.
    /// </summary>
    public async ValueTask<AffiliateResult<Page<HeldLine>>> HeldLinesAsync(
        ProgramId? programId,
        PageRequest page,
        PartnerId? partnerId = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(page);
        if (_programs.Find(programId) is not { } program)
        {
            return ProgramCatalog.Unknown<Page<HeldLine>>(programId);
        }

        var filter = new LineListFilter
        {
            ProgramId = program.Id,
            State = CommissionState.Held,
            PartnerId = partnerId,
        };
        var listed = await _lists.CommissionLinesAsync(filter, page, cancellationToken).ConfigureAwait(false);
        return WithReasons(listed, l => new HeldLine(l, FraudReason.Of(l.FraudCodes)));
    }

    /// <summary>Decides one held conversion: see <see cref="CommissionLedger.ReviewAsync"/>.</summary>
    public ValueTask<AffiliateResult<IReadOnlyList<CommissionLine>>> DecideAsync(
        ProgramId? programId,
        ConversionId conversionId,
        ReviewDecision decision,
        CancellationToken cancellationToken = default
    ) => _ledger.ReviewAsync(programId, conversionId, decision, cancellationToken);

    /// <summary>
    /// Decides many held conversions the same way, each on its own: every id gets its own answer in
    /// <see cref="ReviewBatch.Items"/> (in the order given), so an unknown, already decided or not held conversion
    /// fails alone and the others are decided. The batch as a whole fails with <c>invalid_request</c>, deciding
    /// nothing, when the decision has no reason or reviewer, or there are no ids or more than <see cref="MaxBatch"/>.
    /// An id given twice is decided once; its second answer is a replay.
    /// </summary>
    public async ValueTask<AffiliateResult<ReviewBatch>> DecideAsync(
        ProgramId? programId,
        IReadOnlyList<ConversionId> conversionIds,
        ReviewDecision decision,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(conversionIds);
        ArgumentNullException.ThrowIfNull(decision);
        if (_programs.Find(programId) is null)
        {
            return ProgramCatalog.Unknown<ReviewBatch>(programId);
        }

        var problem = CommissionLedger.DecisionProblem(decision)
            ?? (
                conversionIds.Count is 0 or > MaxBatch
                    ? $"A batch decides 1 to {MaxBatch} conversions; {conversionIds.Count} were given."
                    : null
            );
        if (problem is not null)
        {
            return AffiliateResult<ReviewBatch>.Failure(AffiliateErrorCodes.InvalidRequest, problem);
        }

        var items = new List<ReviewedItem>(conversionIds.Count);
        foreach (var id in conversionIds)
        {
            var result = id.Value is null
                ? AffiliateResult<IReadOnlyList<CommissionLine>>.Failure(
                    AffiliateErrorCodes.InvalidRequest,
                    "A conversion id in the batch is empty."
                )
                : await _ledger.ReviewAsync(programId, id, decision, cancellationToken).ConfigureAwait(false);
            items.Add(new ReviewedItem(id, result));
        }

        return AffiliateResult<ReviewBatch>.Success(new ReviewBatch(items));
    }

    /// <summary>A page of a list, each row with its reasons, with the same cursor; or the list's failure.</summary>
    private static AffiliateResult<Page<THeld>> WithReasons<TRow, THeld>(
        AffiliateResult<Page<TRow>> listed,
        Func<TRow, THeld> held
    ) =>
        listed.Succeeded
            ? AffiliateResult<Page<THeld>>.Success(
                new Page<THeld>(listed.Value!.Items.Select(held).ToArray(), listed.Value.NextCursor)
            )
            : AffiliateResult<Page<THeld>>.Failure(listed.Error!);
}

/// <summary>A conversion waiting for review, with the reasons of the rules that held it.</summary>
/// <param name="Conversion">The conversion.</param>
/// <param name="Reasons">One per fraud rule code that flagged it.</param>
public sealed record HeldConversion(Conversion Conversion, IReadOnlyList<FraudReason> Reasons);

/// <summary>A commission line waiting for review, with the reasons of the rules that held it.</summary>
/// <param name="Line">The line.</param>
/// <param name="Reasons">One per fraud rule code that held it.</param>
public sealed record HeldLine(CommissionLine Line, IReadOnlyList<FraudReason> Reasons);

/// <summary>The answers of a batch of review decisions, one per conversion id, in the order given.</summary>
/// <param name="Items">The answers.</param>
public sealed record ReviewBatch(IReadOnlyList<ReviewedItem> Items)
{
    /// <summary>How many conversions this batch decided now (not replays, not failures).</summary>
    public int Decided => Items.Count(i => i.Result is { Succeeded: true, AlreadyRecorded: false });

    /// <summary>How many were decided the same way before (replays).</summary>
    public int Replayed => Items.Count(i => i.Result.AlreadyRecorded);

    /// <summary>How many failed (see each item's error).</summary>
    public int Failed => Items.Count(i => !i.Result.Succeeded);
}

/// <summary>The answer for one conversion of a batch.</summary>
/// <param name="ConversionId">The conversion.</param>
/// <param name="Result">Its lines as decided, a replay, or why it failed.</param>
public sealed record ReviewedItem(ConversionId ConversionId, AffiliateResult<IReadOnlyList<CommissionLine>> Result);
