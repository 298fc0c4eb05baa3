using Npgsql;
using NpgsqlTypes;

namespace Affiliate.EntityFrameworkCore.PostgreSql;

/// <summary>
/// Writes a batch of clicks on PostgreSQL in one transaction: the ids go into the unpartitioned <c>click_ids</c> table
/// with <c>ON CONFLICT DO NOTHING RETURNING</c>, then a binary COPY writes only the new clicks, then their rollups.
/// </summary>
internal static class PostgreSqlClickBatch
{
    /// <summary>Writes clicks (unique by program and id) and the new ones' rollups; returns how many are new.</summary>
    public static async Task<int> CopyAsync(
        NpgsqlConnection connection,
        AffiliateModelOptions options,
        IReadOnlyList<ClickWrite> clicks,
        CancellationToken cancellationToken
    )
    {
        const AffiliateSchema.Provider Provider = AffiliateSchema.Provider.PostgreSql;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var sql = new AffiliateSql(connection, transaction, Provider, options);

        // The clicks key holds occurred_at (the partition column), so it keeps ids unique per month only, and probing
        // every month for each id (NOT EXISTS) cost most of a batch. The ids go into click_ids (program, id) instead,
        // in one order for every writer so that two batches cannot deadlock: ON CONFLICT DO NOTHING waits for a racing
        // writer's uncommitted id and then skips it, and RETURNING names the ids that are new.
        var ordered = clicks
            .OrderBy(c => c.Row.ProgramId, StringComparer.Ordinal)
            .ThenBy(c => c.Row.Id, StringComparer.Ordinal)
            .ToArray();
        var ids = sql.Rows(
            new("program_id", AffiliateSql.ColumnType.Text),
            new("id", AffiliateSql.ColumnType.Text),
            new("occurred_at", AffiliateSql.ColumnType.BigInt)
        );
        foreach (var click in ordered)
        {
            ids.Row().Add(click.Row.ProgramId).Add(click.Row.Id).Add(click.Row.OccurredAt);
        }

        var (select, parameters) = ids.Build("k");
        var written = (
            await sql.QueryAsync(
                    $"INSERT INTO {sql.Table("click_ids")} (program_id, id, occurred_at) "
                        + $"SELECT program_id, id, occurred_at FROM ({select}) s ORDER BY ordinal "
                        + "ON CONFLICT DO NOTHING RETURNING program_id, id",
                    r => (r.GetString(0), r.GetString(1)),
                    cancellationToken,
                    parameters
                )
                .ConfigureAwait(false)
        ).ToHashSet();

        if (written.Count > 0)
        {
            var importer = await connection
                .BeginBinaryImportAsync(
                    $"COPY {sql.Table("clicks")} ({ClickBatchSql.ColumnList}) FROM STDIN (FORMAT BINARY)",
                    cancellationToken
                )
                .ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                foreach (var row in ordered.Select(c => c.Row).Where(r => written.Contains((r.ProgramId, r.Id))))
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.ProgramId, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.Id, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.PartnerId, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.LinkId, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.SubIds, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.LandingUrl, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.Referrer, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.UserAgent, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.VisitorId, cancellationToken).ConfigureAwait(false);
                    await importer
                        .WriteAsync(row.OccurredAt, NpgsqlDbType.Bigint, cancellationToken)
                        .ConfigureAwait(false);
                    await Text(importer, row.AnonymizedIp, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.IpHash, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.Country, cancellationToken).ConfigureAwait(false);
                    await importer
                        .WriteAsync(row.Attributable, NpgsqlDbType.Boolean, cancellationToken)
                        .ConfigureAwait(false);
                    await Text(importer, row.FraudCodes, cancellationToken).ConfigureAwait(false);
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await RollupSql
                .ApplyAsync(sql, ClickBatchSql.Merge(clicks, written), cancellationToken)
                .ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written.Count;
    }

    private static Task Text(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
