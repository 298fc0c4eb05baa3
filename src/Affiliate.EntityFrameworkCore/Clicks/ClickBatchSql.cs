using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore;

/// <summary>A click to write with the change it makes to the read side.</summary>
/// <param name="Row">The click's row.</param>
/// <param name="Rollups">What the click adds to the rollups, applied only when the click is new.</param>
internal readonly record struct ClickWrite(ClickRow Row, RollupChange Rollups);

/// <summary>
/// Writes one batch of clicks in one transaction, ignoring clicks whose (program, id) is already stored, together with
/// the rollups of the clicks that were new (merged into one change: one upsert per rollup table).
/// The writing itself is the provider package's (<see cref="AffiliateDatabase.WriteClicksAsync"/>): on PostgreSQL the
/// ids go into the unpartitioned <c>click_ids</c> table with <c>ON CONFLICT DO NOTHING RETURNING</c>, then a binary
/// COPY writes only the new clicks; on SQLite multi-row <c>INSERT ... ON CONFLICT DO NOTHING RETURNING</c> statements.
/// What every provider shares (the columns, a row's values, the merge of the new clicks' rollups) lives here.
/// </summary>
internal static class ClickBatchSql
{
    /// <summary>The clicks table's columns, in <see cref="ClickRow"/> order (must match the schema scripts).</summary>
    internal static readonly string[] Columns =
    [
        "program_id",
        "id",
        "partner_id",
        "link_id",
        "sub_ids",
        "landing_url",
        "referrer",
        "user_agent",
        "visitor_id",
        "occurred_at",
        "anonymized_ip",
        "ip_hash",
        "country",
        "attributable",
        "fraud_codes",
    ];

    internal static readonly string ColumnList = string.Join(", ", Columns);

    /// <summary>A click row's values in <see cref="Columns"/> order.</summary>
    internal static object?[] Values(ClickRow r) =>
        [
            r.ProgramId,
            r.Id,
            r.PartnerId,
            r.LinkId,
            r.SubIds,
            r.LandingUrl,
            r.Referrer,
            r.UserAgent,
            r.VisitorId,
            r.OccurredAt,
            r.AnonymizedIp,
            r.IpHash,
            r.Country,
            r.Attributable,
            r.FraudCodes,
        ];

    /// <summary>Writes clicks (unique by program and id) and the new ones' rollups; returns how many are new.</summary>
    public static async Task<int> WriteAsync(
        DbContext context,
        IReadOnlyList<ClickWrite> clicks,
        CancellationToken cancellationToken
    )
    {
        var options = AffiliateModelOptions.Of(context);
        var database = AffiliateDatabases.Default.For(context);
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await database
                .WriteClicksAsync(context.Database.GetDbConnection(), options, clicks, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The rollups of the clicks that were written, merged.</summary>
    internal static RollupChange Merge(IReadOnlyList<ClickWrite> clicks, HashSet<(string, string)> written)
    {
        var merged = new RollupChange();
        foreach (var click in clicks)
        {
            if (written.Contains((click.Row.ProgramId, click.Row.Id)))
            {
                merged.Add(click.Rollups);
            }
        }

        return merged;
    }
}
