namespace Affiliate;

/// <summary>
/// A partner's privacy requests: a copy of their data (<see cref="ExportAsync"/>) and the erasure of their personal
/// data (<see cref="EraseAsync"/>), which keeps every amount so the ledger's totals, payouts and statements still add
/// up. The data of the visitors and customers a partner referred is theirs, not the partner's, and is not in the
/// export.
/// </summary>
public sealed class PartnerPrivacy(
    PartnerDirectory partners,
    AffiliateLists lists,
    CommissionLedger ledger,
    ProgramCatalog programs,
    IClock clock
)
{
    /// <summary>
    /// Everything the library holds about the partner: the profile, the balances, every commission line and every
    /// payout, in every program. Reads the lists page by page (the largest pages the lists allow), so an export
    /// costs what the partner's own history is, never the program's.
    /// </summary>
    /// <returns>The export; or <c>unknown_partner</c>.</returns>
    public async ValueTask<AffiliateResult<PartnerDataExport>> ExportAsync(
        PartnerId partnerId,
        CancellationToken cancellationToken = default
    )
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        var partner = await partners.FindAsync(partnerId, cancellationToken).ConfigureAwait(false);
        if (partner is null)
        {
            return AffiliateResult<PartnerDataExport>.Failure(
                AffiliateErrorCodes.UnknownPartner,
                $"No partner '{partnerId}'."
            );
        }

        var lines = new List<CommissionLine>();
        var payouts = new List<Payout>();
        foreach (var program in programs.All)
        {
            var lineFilter = new LineListFilter { ProgramId = program.Id, PartnerId = partnerId };
            await AllAsync(lines, (page, ct) => lists.CommissionLinesAsync(lineFilter, page, ct), cancellationToken)
                .ConfigureAwait(false);
            var payoutFilter = new PayoutListFilter { ProgramId = program.Id, PartnerId = partnerId };
            await AllAsync(payouts, (page, ct) => lists.PayoutsAsync(payoutFilter, page, ct), cancellationToken)
                .ConfigureAwait(false);
        }

        var balances = await ledger.BalancesAsync(partnerId, null, cancellationToken).ConfigureAwait(false);
        return AffiliateResult<PartnerDataExport>.Success(
            new PartnerDataExport(partner, balances, lines, payouts, clock.GetCurrentInstant())
        );
    }

    /// <summary>
    /// Erases the partner's personal data; see <see cref="PartnerDirectory.ErasePersonalDataAsync"/>.
    /// </summary>
    /// <returns>The erased partner; or <c>unknown_partner</c> or <c>invalid_request</c>, writing nothing.</returns>
    public ValueTask<AffiliateResult<Partner>> EraseAsync(
        PartnerId partnerId,
        string? reason = null,
        CancellationToken cancellationToken = default
    ) => partners.ErasePersonalDataAsync(partnerId, reason, cancellationToken);

    private static async ValueTask AllAsync<T>(
        List<T> into,
        Func<PageRequest, CancellationToken, ValueTask<AffiliateResult<Page<T>>>> read,
        CancellationToken cancellationToken
    )
    {
        string? cursor = null;
        do
        {
            var page = (
                await read(new PageRequest { Size = PageRequest.MaxSize, Cursor = cursor }, cancellationToken)
                    .ConfigureAwait(false)
            ).GetValueOrThrow();
            into.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
    }
}

/// <summary>What <see cref="PartnerPrivacy.ExportAsync"/> answers: all the library holds about a partner.</summary>
/// <param name="Partner">The profile: name, e-mail, codes, status, segment, tier, sponsor, payout settings.</param>
/// <param name="Balances">The balances by currency and state.</param>
/// <param name="Lines">Every commission line, newest first per program.</param>
/// <param name="Payouts">Every payout, newest first per program.</param>
/// <param name="ExportedAt">When the export was made.</param>
public sealed record PartnerDataExport(
    Partner Partner,
    IReadOnlyList<PartnerBalance> Balances,
    IReadOnlyList<CommissionLine> Lines,
    IReadOnlyList<Payout> Payouts,
    Instant ExportedAt
);
