using System.Data.Common;
using Affiliate.Stores;
using static Affiliate.EntityFrameworkCore.AffiliateSql;

namespace Affiliate.EntityFrameworkCore;

// The ledger's hash chains (schema 13). Sealing is set-based: one read of the unsealed lines from their partial index,
// one read of the chain heads, and one write per batch (an UPDATE of the lines' mark and a multi-row INSERT of the
// seals, in one transaction). The mark is not mapped on CommissionLineRow on purpose: EF never writes it back from a
// line read before it was sealed.
public sealed partial class EntityFrameworkAffiliateStore : ILedgerSealStore
{
    // The sealed facts of a line, in LedgerLineFacts' order, read by Facts below.
    private const string FactColumns =
        "id, program_id, partner_id, conversion_id, kind, level, amount_minor, currency, currency_digits, "
        + "created_at, reverses_line_id, refund_id, adjustment_id, adjustment_kind, plan_id, plan_version, explanation";

    /// <inheritdoc />
    /// <remarks>Reads the partial index <c>ix_..._commission_lines_unsealed</c> in its order, LIMIT max.</remarks>
    public async ValueTask<IReadOnlyList<LedgerLineFacts>> UnsealedLinesAsync(
        int max,
        CancellationToken cancellationToken
    )
    {
        if (max <= 0)
        {
            return [];
        }

        return await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        $"SELECT {FactColumns} FROM {sql.Table("commission_lines")} WHERE sealed = 0 "
                            + $"ORDER BY created_at, {sql.Ordinal("id")} LIMIT @max",
                        r => Facts(r, 0),
                        cancellationToken,
                        ("@max", max)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement: for each partner given, its highest position (the last entry of the unique (partner, position)
    /// index) and then that seal by both columns; two index probes per partner whatever the length of its chain.
    /// </remarks>
    public async ValueTask<IReadOnlyList<LedgerSeal>> ChainHeadsAsync(
        IReadOnlyCollection<string> partnerIds,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(partnerIds);
        if (partnerIds.Count == 0)
        {
            return [];
        }

        return await ReadAsync(
                sql =>
                {
                    var seals = sql.Table("ledger_seals");
                    var partners = sql.IsPostgres ? "unnest(@partners) AS p(value)" : "json_each(@partners) AS p";
                    return sql.QueryAsync(
                        $"SELECT s.line_id, s.partner_id, s.position, s.hash FROM {partners} JOIN {seals} s "
                            + "ON s.partner_id = p.value AND s.position = "
                            + $"(SELECT m.position FROM {seals} m WHERE m.partner_id = p.value "
                            + "ORDER BY m.position DESC LIMIT 1)",
                        r => new LedgerSeal(r.GetString(0), r.GetString(1), Long(r, 2), r.GetString(3)),
                        cancellationToken,
                        ("@partners", sql.Strings(partnerIds.Distinct(StringComparer.Ordinal).ToArray()))
                    );
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>UPDATE ... SET sealed = 1 WHERE id IN (...) AND sealed = 0</c> first, whose row count must equal the seals'
    /// (else Conflict: another instance sealed some, or a line is gone), then one <c>INSERT ... SELECT</c> of the
    /// seals; a key taken (the line's or the partner's position) rolls both back as Duplicate.
    /// </remarks>
    public ValueTask<StoreWriteResult> AddSealsAsync(
        IReadOnlyList<LedgerSeal> seals,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(seals);
        if (seals.Count == 0)
        {
            return ValueTask.FromResult(StoreWriteResult.Written);
        }

        var ids = seals.Select(s => s.LineId).ToArray();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
        {
            return ValueTask.FromResult(StoreWriteResult.Duplicate("a line is sealed twice in one change"));
        }

        return WriteAsync(
            async _ =>
            {
                var sql = AffiliateSql.Of(context);
                var marked = await sql.ExecuteAsync(
                        $"UPDATE {sql.Table("commission_lines")} SET sealed = 1 WHERE {sql.In("id", "@ids")} "
                            + "AND sealed = 0",
                        cancellationToken,
                        ("@ids", sql.Strings(ids))
                    )
                    .ConfigureAwait(false);
                if (marked != ids.Length)
                {
                    return StoreWriteResult.Conflict(
                        $"{ids.Length - marked} of {ids.Length} lines are missing or already sealed"
                    );
                }

                var rows = sql.Rows(
                    new("line_id", ColumnType.Text),
                    new("partner_id", ColumnType.Text),
                    new("position", ColumnType.BigInt),
                    new("hash", ColumnType.Text)
                );
                foreach (var seal in seals)
                {
                    rows.Row().Add(seal.LineId).Add(seal.PartnerId).Add(seal.Position).Add(seal.Hash);
                }

                var (select, parameters) = rows.Build("s");
                const string Columns = "line_id, partner_id, position, hash";
                await sql.ExecuteAsync(
                        $"INSERT INTO {sql.Table("ledger_seals")} ({Columns}) "
                            + $"SELECT {Columns} FROM ({select}) r WHERE true ORDER BY ordinal",
                        cancellationToken,
                        parameters
                    )
                    .ConfigureAwait(false);
                return null;
            },
            () => ValueTask.FromResult(StoreWriteResult.Duplicate("a line's seal or a partner's position exists")),
            cancellationToken
        );
    }

    /// <inheritdoc />
    /// <remarks>A range of the unique (partner, position) index, each seal joined to its line by primary key.</remarks>
    public async ValueTask<IReadOnlyList<SealedLine>> SealedLinesAsync(
        string partnerId,
        long afterPosition,
        int max,
        CancellationToken cancellationToken
    )
    {
        if (max <= 0)
        {
            return [];
        }

        var lineColumns = string.Join(", ", FactColumns.Split(", ").Select(c => "l." + c));
        return await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        $"SELECT s.line_id, s.partner_id, s.position, s.hash, {lineColumns} "
                            + $"FROM {sql.Table("ledger_seals")} s LEFT JOIN {sql.Table("commission_lines")} l "
                            + "ON l.id = s.line_id WHERE s.partner_id = @partner AND s.position > @after "
                            + "ORDER BY s.position LIMIT @max",
                        r => new SealedLine(
                            new LedgerSeal(r.GetString(0), r.GetString(1), Long(r, 2), r.GetString(3)),
                            r.IsDBNull(4) ? null : Facts(r, 4)
                        ),
                        cancellationToken,
                        ("@partner", partnerId),
                        ("@after", afterPosition),
                        ("@max", max)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Counts the partial index <c>ix_..._commission_lines_unsealed_partner</c>.</remarks>
    public async ValueTask<long> CountUnsealedAsync(string partnerId, CancellationToken cancellationToken)
    {
        var counts = await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        $"SELECT COUNT(*) FROM {sql.Table("commission_lines")} WHERE partner_id = @partner "
                            + "AND sealed = 0",
                        r => Long(r, 0),
                        cancellationToken,
                        ("@partner", partnerId)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
        return counts.Count == 0 ? 0 : counts[0];
    }

    private static LedgerLineFacts Facts(DbDataReader r, int at)
    {
        string? Text(int i) => r.IsDBNull(at + i) ? null : r.GetString(at + i);
        int? Int(int i) => r.IsDBNull(at + i) ? null : checked((int)Long(r, at + i));
        return new(
            r.GetString(at),
            r.GetString(at + 1),
            r.GetString(at + 2),
            Text(3),
            checked((int)Long(r, at + 4)),
            checked((int)Long(r, at + 5)),
            Long(r, at + 6),
            r.GetString(at + 7),
            checked((int)Long(r, at + 8)),
            Long(r, at + 9),
            Text(10),
            Text(11),
            Text(12),
            Int(13),
            Text(14),
            Int(15),
            r.GetString(at + 16)
        );
    }
}
