using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.AffiliateSql;
using static Affiliate.EntityFrameworkCore.RowMapper;
using Entities = Affiliate.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore;

// The set-based jobs: approval, payout claims and closes move any number of lines with one statement each, and move
// their amounts between the columns of the rollups and balances with one grouped statement per table, in the same
// transaction. What a job costs grows with the lines it moves, never with the lines the ledger holds.
public sealed partial class EntityFrameworkAffiliateStore
{
    // States written into SQL as constants (never user input), so that the planner matches the partial indexes.
    private const int Pending = (int)CommissionState.Pending;
    private const int Approved = (int)CommissionState.Approved;
    private const int Paid = (int)CommissionState.Paid;

    /// <inheritdoc />
    /// <remarks>
    /// Reads the partial index of pending lines (<c>ix_..._due_program</c>, or <c>ix_..._due_all</c> across programs)
    /// in its order and stops after <paramref name="max"/> rows: the cost is the batch, not the ledger.
    /// </remarks>
    public async ValueTask<IReadOnlyList<LineRef>> DueLinesAsync(
        ProgramId? programId,
        Instant asOf,
        int max,
        CancellationToken cancellationToken
    )
    {
        if (max <= 0)
        {
            return [];
        }

        var inProgram = programId is null ? string.Empty : " AND program_id = @program";
        return await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        "SELECT id, program_id, partner_id, amount_minor, currency, currency_digits "
                            + $"FROM {sql.Table("commission_lines")} WHERE state = {Pending} AND approvable_at <= "
                            + $"@asOf{inProgram} "
                            + $"ORDER BY approvable_at, {sql.Ordinal("id")} LIMIT @max",
                        r => new LineRef(
                            new CommissionLineId(r.GetString(0)),
                            new ProgramId(r.GetString(1)),
                            new PartnerId(r.GetString(2)),
                            Money(Long(r, 3), r.GetString(4), checked((int)Long(r, 5)))
                        ),
                        cancellationToken,
                        ("@asOf", Ticks(asOf)),
                        ("@program", programId?.Value),
                        ("@max", max)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>UPDATE ... WHERE id IN (...) AND state = from</c> whose row count must equal the number of lines (else
    /// everything is rolled back: another instance moved some, or a line is missing); then the rollups and balances
    /// of exactly those lines, now locked by the update, move with one grouped upsert each.
    /// </remarks>
    public ValueTask<StoreWriteResult> MoveAsync(LineMove move, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        var ids = move.LineIds.Select(i => i.Value).ToArray();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
        {
            return ValueTask.FromResult(StoreWriteResult.Conflict("a line is moved twice in one change"));
        }

        return WriteAsync(
            async _ =>
            {
                var sql = AffiliateSql.Of(context);
                var set = new List<string> { "state = @to", "version = version + 1" };
                if (move.To == CommissionState.Approved)
                {
                    set.Add("approved_at = @at");
                }

                if (move.To is CommissionState.Rejected or CommissionState.Reversed)
                {
                    set.Add("closed_at = @at");
                }

                if (move.Reason is not null)
                {
                    set.Add("reason = @reason");
                }

                var lines = ("@ids", sql.Strings(ids));
                var filter = sql.In("id", "@ids");
                var table = sql.Table("commission_lines");
                var moved = await sql.ExecuteAsync(
                        $"UPDATE {table} SET {string.Join(", ", set)} WHERE {filter} AND state = @from",
                        cancellationToken,
                        lines,
                        ("@to", (int)move.To),
                        ("@from", (int)move.From),
                        ("@at", Ticks(move.At)),
                        ("@reason", move.Reason)
                    )
                    .ConfigureAwait(false);
                if (moved != ids.Length)
                {
                    return StoreWriteResult.Conflict($"{ids.Length - moved} of {ids.Length} lines are not {move.From}");
                }

                if (move.From != move.To)
                {
                    await ShiftStatsAsync(sql, filter, [lines], move.From, move.To, cancellationToken)
                        .ConfigureAwait(false);
                    var (from, to) = (new BalanceSide(move.From, null), new BalanceSide(move.To, null));
                    await ShiftBalancesAsync(sql, filter, [lines], from, to, cancellationToken).ConfigureAwait(false);
                }

                await InsertEventsAsync(sql, move.Events, cancellationToken).ConfigureAwait(false);
                return null;
            },
            () => ValueTask.FromResult(StoreWriteResult.Conflict("a line moved meanwhile")),
            cancellationToken
        );
    }

    /// <inheritdoc />
    /// <remarks>One GROUP BY over the partial index of approved lines not in a payout.</remarks>
    public async ValueTask<IReadOnlyList<PayableBalance>> PayableAsync(
        ProgramId programId,
        CancellationToken cancellationToken
    )
    {
        var rows = await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        "SELECT partner_id, currency, currency_digits, COUNT(*), CAST(SUM(amount_minor) AS BIGINT) "
                            + $"FROM {sql.Table("commission_lines")} WHERE program_id = @program AND state = "
                            + $"{Approved} "
                            + "AND payout_id IS NULL GROUP BY partner_id, currency, currency_digits",
                        r =>
                            (
                                Partner: r.GetString(0),
                                Code: r.GetString(1),
                                Digits: checked((int)Long(r, 2)),
                                Lines: checked((int)Long(r, 3)),
                                Minor: Long(r, 4)
                            ),
                        cancellationToken,
                        ("@program", programId.Value)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
        return rows.OrderBy(r => r.Partner, StringComparer.Ordinal)
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .ThenBy(r => r.Digits)
            .Select(r => new PayableBalance(new PartnerId(r.Partner), Money(r.Minor, r.Code, r.Digits), r.Lines))
            .ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>UPDATE ... RETURNING amount_minor</c> claims the partner's payable lines (the partial payable index finds
    /// them); their count and sum must be the payout's, else everything is rolled back. A claim racing another one on
    /// PostgreSQL waits for its row locks and then finds those lines claimed (<c>payout_id IS NULL</c> is checked
    /// again on the locked rows), so a line is in one payout only.
    /// </remarks>
    public ValueTask<StoreWriteResult> ClaimAsync(
        Payout payout,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(events);
        var currency = payout.Amount.Currency;
        var expected = Minor(payout.Amount);
        return WriteAsync(
            async staged =>
            {
                if (await PayoutExistsAsync(payout.Id, cancellationToken).ConfigureAwait(false))
                {
                    return StoreWriteResult.Duplicate($"payout {payout.Id}");
                }

                var sql = AffiliateSql.Of(context);
                var amounts = await sql.QueryAsync(
                        $"UPDATE {sql.Table("commission_lines")} SET payout_id = @payout, version = version + 1 "
                            + "WHERE program_id = @program AND partner_id = @partner AND currency = @currency "
                            + $"AND currency_digits = @digits AND state = {Approved} AND payout_id IS NULL "
                            + "RETURNING amount_minor",
                        r => Long(r, 0),
                        cancellationToken,
                        ("@payout", payout.Id.Value),
                        ("@program", payout.ProgramId.Value),
                        ("@partner", payout.PartnerId.Value),
                        ("@currency", currency.Code),
                        ("@digits", currency.MinorUnits)
                    )
                    .ConfigureAwait(false);
                var sum = amounts.Sum();
                if (amounts.Count != payout.LineCount || sum != expected)
                {
                    return StoreWriteResult.Conflict(
                        $"payout {payout.Id} expected {payout.LineCount} lines summing to {expected} "
                            + $"but found {amounts.Count} summing to {sum}"
                    );
                }

                // Every claimed line is approved, in the payout's program, partner and currency: one balance row moves.
                if (sum != 0)
                {
                    var balance = new RollupChange().Add(
                        new BalanceKey(payout.ProgramId, payout.PartnerId, currency),
                        new BalanceCounters(0, 0, -sum, sum, 0)
                    );
                    await RollupSql.ApplyAsync(sql, balance, cancellationToken).ConfigureAwait(false);
                }

                staged.Add(Row(payout, 1));
                await InsertEventsAsync(sql, events, cancellationToken).ConfigureAwait(false);
                return null;
            },
            async () =>
                await PayoutExistsAsync(payout.Id, cancellationToken).ConfigureAwait(false)
                    ? StoreWriteResult.Duplicate($"payout {payout.Id}")
                    : StoreWriteResult.Conflict($"the payable lines of payout {payout.Id} changed"),
            cancellationToken
        );
    }

    /// <inheritdoc />
    /// <remarks>
    /// The payout's version is checked and bumped first (a racing close waits for it, then finds another version);
    /// then the rollups and balances of its approved lines move (one grouped upsert each, by the payout id index) and
    /// one <c>UPDATE ... WHERE payout_id = @payout AND state = approved</c> moves the lines, whose row count must be
    /// the payout's line count, else everything is rolled back.
    /// </remarks>
    public ValueTask<StoreWriteResult> CloseAsync(
        Versioned<Payout> payout,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(events);
        var closed = payout.Value;
        ArgumentNullException.ThrowIfNull(closed, nameof(payout));
        if (closed.Status == PayoutStatus.Pending)
        {
            throw new ArgumentException("A payout is closed as paid or failed, not pending.", nameof(payout));
        }

        return WriteAsync(
            async _ =>
            {
                var sql = AffiliateSql.Of(context);
                var key = ("@payout", (object?)closed.Id.Value);
                var counts = await sql.QueryAsync(
                        $"SELECT line_count FROM {sql.Table("payouts")} WHERE id = @payout AND version = @version",
                        r => Long(r, 0),
                        cancellationToken,
                        key,
                        ("@version", payout.ExpectedVersion)
                    )
                    .ConfigureAwait(false);
                var updated =
                    counts.Count == 0
                        ? 0
                        : await UpdatePayoutAsync(sql, closed, payout.ExpectedVersion, cancellationToken)
                            .ConfigureAwait(false);
                if (updated != 1)
                {
                    return StoreWriteResult.Conflict($"payout {closed.Id} changed");
                }

                var lines = sql.Table("commission_lines");
                var filter = $"payout_id = @payout AND state = {Approved}";
                var claimed = new BalanceSide(CommissionState.Approved, true);
                int moved;
                if (closed.Status == PayoutStatus.Paid)
                {
                    var (approved, paid) = (CommissionState.Approved, CommissionState.Paid);
                    await ShiftStatsAsync(sql, filter, [key], approved, paid, cancellationToken).ConfigureAwait(false);
                    await ShiftBalancesAsync(sql, filter, [key], claimed, new(paid, null), cancellationToken)
                        .ConfigureAwait(false);
                    moved = await sql.ExecuteAsync(
                            $"UPDATE {lines} SET state = {Paid}, paid_at = @paidAt, version = version + 1 WHERE "
                                + $"{filter}",
                            cancellationToken,
                            key,
                            ("@paidAt", Ticks(closed.ClosedAt))
                        )
                        .ConfigureAwait(false);
                }
                else
                {
                    var released = new BalanceSide(CommissionState.Approved, false);
                    await ShiftBalancesAsync(sql, filter, [key], claimed, released, cancellationToken)
                        .ConfigureAwait(false);
                    moved = await sql.ExecuteAsync(
                            $"UPDATE {lines} SET payout_id = NULL, version = version + 1 WHERE {filter}",
                            cancellationToken,
                            key
                        )
                        .ConfigureAwait(false);
                }

                if (moved != counts[0])
                {
                    return StoreWriteResult.Conflict($"payout {closed.Id} has {counts[0]} lines; {moved} are approved");
                }

                await InsertEventsAsync(sql, events, cancellationToken).ConfigureAwait(false);
                return null;
            },
            () => ValueTask.FromResult(StoreWriteResult.Conflict($"payout {closed.Id} or its lines changed")),
            cancellationToken
        );
    }

    private Task<bool> PayoutExistsAsync(PayoutId id, CancellationToken cancellationToken) =>
        Set<Entities.PayoutRow>().AnyAsync(p => p.Id == id.Value, cancellationToken);

    /// <summary>Replaces a payout's row if it still has <paramref name="expectedVersion"/>: 1 row, else 0.</summary>
    private static Task<int> UpdatePayoutAsync(
        AffiliateSql sql,
        Payout payout,
        long expectedVersion,
        CancellationToken cancellationToken
    )
    {
        var row = Row(payout, expectedVersion + 1);
        return sql.ExecuteAsync(
            $"UPDATE {sql.Table("payouts")} SET program_id = @program, partner_id = @partner, "
                + "amount_minor = @amount, currency = @currency, currency_digits = @digits, line_count = @lineCount, "
                + "status = @status, created_at = @createdAt, payout_date = @date, closed_at = @closedAt, "
                + "external_reference = @reference, failure_reason = @failure, version = @newVersion "
                + "WHERE id = @payout AND version = @version",
            cancellationToken,
            ("@program", row.ProgramId),
            ("@partner", row.PartnerId),
            ("@amount", row.AmountMinor),
            ("@currency", row.Currency),
            ("@digits", row.CurrencyDigits),
            ("@lineCount", row.LineCount),
            ("@status", row.Status),
            ("@createdAt", row.CreatedAt),
            ("@date", row.PayoutDate),
            ("@closedAt", row.ClosedAt),
            ("@reference", row.ExternalReference),
            ("@failure", row.FailureReason),
            ("@newVersion", row.Version),
            ("@payout", row.Id),
            ("@version", expectedVersion)
        );
    }

    /// <summary>
    /// Moves the amounts of the lines matching <paramref name="filter"/> from the <paramref name="from"/> column to the
    /// <paramref name="to"/> column of every rollup row each counts in (<see cref="ReportPlacement"/>): the program's
    /// and the partner's totals, and for lines with a source the partner's sub-id and link rows. One grouped upsert.
    /// </summary>
    private static Task<int> ShiftStatsAsync(
        AffiliateSql sql,
        string filter,
        (string, object?)[] parameters,
        CommissionState from,
        CommissionState to,
        CancellationToken cancellationToken
    )
    {
        var (fromColumn, toColumn) = (RollupSql.CommissionColumn(from), RollupSql.CommissionColumn(to));
        const string Sourced = "FROM moved WHERE report_sub_ids IS NOT NULL";
        var placed = new List<string>
        {
            "SELECT program_id, '' AS partner_id, 0 AS dimension, report_day AS day, '' AS value, amount_minor "
                + "FROM moved",
            "SELECT program_id, partner_id, 0, report_day, '', amount_minor FROM moved",
        };
        for (var i = 0; i < 5; i++)
        {
            var value = $"COALESCE({sql.JsonItem("report_sub_ids", i)}, '')";
            placed.Add($"SELECT program_id, partner_id, {i + 1}, report_day, {value}, amount_minor {Sourced}");
        }

        var link = (int)StatsDimension.Link;
        placed.Add(
            $"SELECT program_id, partner_id, {link}, report_day, COALESCE(report_link_id, ''), amount_minor {Sourced}"
        );
        var counters = RollupSql.StatsCounterColumns.Select(c =>
            c == fromColumn ? $"-CAST(SUM(amount_minor) AS BIGINT) AS {c}"
            : c == toColumn ? $"CAST(SUM(amount_minor) AS BIGINT) AS {c}"
            : $"0 AS {c}"
        );
        var columns = $"{RollupSql.StatsKey}, {string.Join(", ", RollupSql.StatsCounterColumns)}";
        var order = $"{sql.Ordinal("program_id")}, {sql.Ordinal("partner_id")}, dimension, day, {sql.Ordinal("value")}";
        var statement =
            "WITH moved AS MATERIALIZED (SELECT program_id, partner_id, report_day, report_sub_ids, report_link_id, "
            + $"amount_minor FROM {sql.Table("commission_lines")} WHERE {filter} AND report_day IS NOT NULL), "
            + $"placed AS ({string.Join(" UNION ALL ", placed)}) "
            + $"INSERT INTO {sql.Table("daily_stats")} AS t ({columns}) SELECT {columns} FROM ("
            + $"SELECT {RollupSql.StatsKey}, {string.Join(", ", counters)} FROM placed "
            + $"GROUP BY {RollupSql.StatsKey} HAVING SUM(amount_minor) <> 0) s WHERE true ORDER BY {order} "
            + $"ON CONFLICT ({RollupSql.StatsKey}) DO UPDATE SET "
            + $"{fromColumn} = t.{fromColumn} + excluded.{fromColumn}, {toColumn} = t.{toColumn} + excluded.{toColumn}";
        return sql.ExecuteAsync(statement, cancellationToken, parameters);
    }

    /// <summary>
    /// Moves the amounts of the lines matching <paramref name="filter"/> between the columns of their balances: from
    /// where a line in state <paramref name="from"/> counts to where one in <paramref name="to"/> does. One grouped
    /// upsert.
    /// </summary>
    private static Task<int> ShiftBalancesAsync(
        AffiliateSql sql,
        string filter,
        (string, object?)[] parameters,
        BalanceSide from,
        BalanceSide to,
        CancellationToken cancellationToken
    )
    {
        var columns = RollupSql.BalanceCounterColumns;
        var deltas = columns.Select(c =>
            $"CAST(SUM(({to.Contribution(c)}) - ({from.Contribution(c)})) AS BIGINT) AS {c}"
        );
        var order = $"{sql.Ordinal("partner_id")}, {sql.Ordinal("program_id")}, {sql.Ordinal("currency")}, digits";
        var list = string.Join(", ", columns);
        var statement =
            $"INSERT INTO {sql.Table("partner_balances")} AS t ({RollupSql.BalanceKey}, {list}) "
            + $"SELECT {RollupSql.BalanceKey}, {list} FROM ("
            + $"SELECT partner_id, program_id, currency, currency_digits AS digits, {string.Join(", ", deltas)} "
            + $"FROM {sql.Table("commission_lines")} WHERE {filter} "
            + "GROUP BY partner_id, program_id, currency, currency_digits) s "
            + $"WHERE {string.Join(" OR ", columns.Select(c => c + " <> 0"))} ORDER BY {order} "
            + $"ON CONFLICT ({RollupSql.BalanceKey}) DO UPDATE SET "
            + string.Join(", ", columns.Select(c => $"{c} = t.{c} + excluded.{c}"));
        return sql.ExecuteAsync(statement, cancellationToken, parameters);
    }

    /// <summary>Appends events to the outbox in list order with one statement (the jobs write one per line).</summary>
    private static Task InsertEventsAsync(
        AffiliateSql sql,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        var set = sql.Rows(
            new("event_id", ColumnType.Text),
            new("type", ColumnType.Text),
            new("program_id", ColumnType.Text),
            new("occurred_at", ColumnType.BigInt),
            new("payload", ColumnType.Text)
        );
        foreach (var row in events.Select(Row))
        {
            set.Row().Add(row.EventId).Add(row.Type).Add(row.ProgramId).Add(row.OccurredAt).Add(row.Payload);
        }

        var (select, parameters) = set.Build("e");
        const string Columns = "event_id, type, program_id, occurred_at, payload";
        return sql.ExecuteAsync(
            $"INSERT INTO {sql.Table("outbox")} ({Columns}) "
                + $"SELECT {Columns} FROM ({select}) s WHERE true ORDER BY ordinal",
            cancellationToken,
            parameters
        );
    }

    /// <summary>
    /// Where a line counts in a balance: its state, and for an approved line whether it is claimed by a payout (null:
    /// as its <c>payout_id</c> says; a claim or a close changes that in the same statement).
    /// </summary>
    private readonly record struct BalanceSide(CommissionState State, bool? Claimed)
    {
        /// <summary>What one line adds to a balance column, as SQL over its row (as Contributions.Balance).</summary>
        public string Contribution(string column) =>
            (State, column, Claimed) switch
            {
                (CommissionState.Pending, "pending_minor", _) => "amount_minor",
                (CommissionState.Held, "held_minor", _) => "amount_minor",
                (CommissionState.Approved, "approved_minor", false) => "amount_minor",
                (CommissionState.Approved, "approved_minor", null) =>
                    "CASE WHEN payout_id IS NULL THEN amount_minor ELSE 0 END",
                (CommissionState.Approved, "in_payout_minor", true) => "amount_minor",
                (CommissionState.Approved, "in_payout_minor", null) =>
                    "CASE WHEN payout_id IS NULL THEN 0 ELSE amount_minor END",
                (CommissionState.Paid, "paid_minor", _) => "amount_minor",
                _ => "0",
            };
    }
}
