using System.Data.Common;
using System.Globalization;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;

namespace Affiliate.Benchmarks.Reads;

/// <summary>
/// The read baselines: the same reports as hand-written GROUP BY queries over the library's tables (plain ADO.NET,
/// one open connection), summed in the database instead of in memory. Day buckets are UTC days, the program's zone.
/// </summary>
public sealed class HandWrittenReports(DbConnection connection)
{
    private const string Credited = "(0, 2, 4, 5)"; // attributed, held, partly refunded, reversed: what reports count

    private static readonly string Day = BenchProgram.TicksPerDay.ToString(CultureInfo.InvariantCulture);
    private static readonly string Clicks = BenchDatabase.Table("clicks");
    private static readonly string Conversions = BenchDatabase.Table("conversions");
    private static readonly string ConversionPartners = BenchDatabase.Table("conversion_partners");
    private static readonly string Lines = BenchDatabase.Table("commission_lines");

    /// <summary>A partner's rows per day: clicks, conversions and revenue credited, commissions per state.</summary>
    public async Task<IReadOnlyDictionary<long, DayRow>> PartnerAsync(PartnerId partner, Instant from, Instant until)
    {
        var days = new Dictionary<long, DayRow>();
        DayRow Row(long day) => days.TryGetValue(day, out var row) ? row : days[day] = new DayRow();
        await ReadAsync(
            $"SELECT occurred_at / {Day}, COUNT(*), COUNT(DISTINCT visitor_id), "
                + $"SUM(CASE WHEN attributable THEN 1 ELSE 0 END) FROM {Clicks} "
                + "WHERE program_id = @program AND partner_id = @partner AND occurred_at >= @from AND occurred_at < "
                + "@until "
                + "GROUP BY 1",
            partner,
            from,
            until,
            r => Row(r.GetInt64(0)).AddClicks(r.GetInt64(1), r.GetInt64(2), Long(r, 3))
        );
        await ReadAsync(
            $"SELECT occurred_at / {Day}, COUNT(*), SUM(program_amount_minor) FROM {ConversionPartners} "
                + "WHERE program_id = @program AND partner_id = @partner AND occurred_at >= @from AND occurred_at < "
                + "@until "
                + $"AND status IN {Credited} GROUP BY 1",
            partner,
            from,
            until,
            r => Row(r.GetInt64(0)).AddConversions(r.GetInt64(1), Minor(r, 2))
        );
        await ReadAsync(
            $"SELECT c.occurred_at / {Day}, l.state, SUM(l.amount_minor) FROM {Lines} l "
                + $"JOIN {Conversions} c ON c.program_id = l.program_id AND c.id = l.conversion_id "
                + "WHERE l.program_id = @program AND l.partner_id = @partner "
                +
                // The unary + keeps SQLite from driving the join from every conversion of the window (its covering
                // index looks cheaper to an unanalysed planner) and probing the partner's lines for each: quadratic,
                // more than ten minutes at 250,000 lines. From the partner's lines, each conversion is one key lookup.
                "AND +c.occurred_at >= @from AND +c.occurred_at < @until "
                + "GROUP BY 1, 2",
            partner,
            from,
            until,
            r => Row(r.GetInt64(0)).AddCommission(r.GetInt32(1), Minor(r, 2))
        );
        return days;
    }

    /// <summary>The program's totals and its partners' revenue, largest first (the top 20% is taken from it).</summary>
    public async Task<Summary> SummaryAsync(Instant from, Instant until)
    {
        var summary = new Summary();
        await ReadAsync(
            $"SELECT COUNT(*), COUNT(DISTINCT visitor_id) FROM {Clicks} "
                + "WHERE program_id = @program AND occurred_at >= @from AND occurred_at < @until",
            null,
            from,
            until,
            r => summary.Totals.AddClicks(r.GetInt64(0), r.GetInt64(1), 0)
        );
        await ReadAsync(
            $"SELECT COUNT(*), SUM(program_amount_minor) FROM {Conversions} "
                + "WHERE program_id = @program AND occurred_at >= @from AND occurred_at < @until AND status IN "
                + $"{Credited}",
            null,
            from,
            until,
            r => summary.Totals.AddConversions(r.GetInt64(0), Minor(r, 1))
        );
        await ReadAsync(
            $"SELECT partner_id, SUM(program_amount_minor) AS revenue FROM {ConversionPartners} "
                + "WHERE program_id = @program AND occurred_at >= @from AND occurred_at < @until AND status IN "
                + $"{Credited} "
                + "GROUP BY partner_id ORDER BY revenue DESC",
            null,
            from,
            until,
            r => summary.PartnerRevenue.Add(Minor(r, 1))
        );
        await ReadAsync(
            $"SELECT l.state, SUM(l.amount_minor) FROM {Lines} l "
                + $"JOIN {Conversions} c ON c.program_id = l.program_id AND c.id = l.conversion_id "
                + "WHERE l.program_id = @program AND c.occurred_at >= @from AND c.occurred_at < @until GROUP BY "
                + "l.state",
            null,
            from,
            until,
            r => summary.Totals.AddCommission(r.GetInt32(0), Minor(r, 1))
        );
        var top = (summary.PartnerRevenue.Count + 4) / 5;
        summary.TopPartnersRevenue = summary.PartnerRevenue.Take(top).Sum();
        return summary;
    }

    /// <summary>A partner's balance: per state, and approved split into claimed by a payout or not.</summary>
    public async Task<IReadOnlyDictionary<BalanceKey, decimal>> BalanceAsync(PartnerId partner)
    {
        var balance = new Dictionary<BalanceKey, decimal>();
        await ReadAsync(
            $"SELECT state, CASE WHEN payout_id IS NULL THEN 0 ELSE 1 END, SUM(amount_minor) FROM {Lines} "
                + "WHERE program_id = @program AND partner_id = @partner GROUP BY 1, 2",
            partner,
            null,
            null,
            r => balance[new BalanceKey((CommissionState)r.GetInt32(0), Long(r, 1) == 1)] = Minor(r, 2)
        );
        return balance;
    }

    /// <summary>EUR minor units to EUR (SUM is a bigint on SQLite, a numeric on PostgreSQL).</summary>
    private static decimal Minor(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal)
            ? 0m
            : Convert.ToDecimal(reader.GetValue(ordinal), CultureInfo.InvariantCulture) / 100m;

    /// <summary>A count or a flag (an integer of either provider's width).</summary>
    private static long Long(DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private async Task ReadAsync(
        string sql,
        PartnerId? partner,
        Instant? from,
        Instant? until,
        Action<DbDataReader> read
    )
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "program", BenchProgram.ProgramId.Value);
        if (partner is { } p)
        {
            Add(command, "partner", p.Value);
        }

        if (from is { } start)
        {
            Add(command, "from", start.ToUnixTimeTicks());
        }

        if (until is { } end)
        {
            Add(command, "until", end.ToUnixTimeTicks());
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            read(reader);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A balance's bucket: a state, and for approved lines whether a payout claimed them.</summary>
    /// <param name="State">The lines' state.</param>
    /// <param name="InPayout">Whether a payout claimed them.</param>
    public readonly record struct BalanceKey(CommissionState State, bool InPayout);

    /// <summary>One day's (or the whole period's) numbers.</summary>
    public sealed class DayRow
    {
        private readonly decimal[] _commissions = new decimal[6];

        /// <summary>Clicks.</summary>
        public long Clicks { get; private set; }

        /// <summary>Distinct visitors among the clicks.</summary>
        public long Visitors { get; private set; }

        /// <summary>Clicks that can earn credit.</summary>
        public long AttributableClicks { get; private set; }

        /// <summary>Credited conversions.</summary>
        public long Conversions { get; private set; }

        /// <summary>Their revenue in EUR.</summary>
        public decimal Revenue { get; private set; }

        /// <summary>Commissions in a state, in EUR.</summary>
        public decimal Commission(CommissionState state) => _commissions[(int)state];

        internal void AddClicks(long clicks, long visitors, long attributable)
        {
            Clicks += clicks;
            Visitors += visitors;
            AttributableClicks += attributable;
        }

        internal void AddConversions(long conversions, decimal revenue)
        {
            Conversions += conversions;
            Revenue += revenue;
        }

        internal void AddCommission(int state, decimal amount) => _commissions[state] += amount;
    }

    /// <summary>The program summary.</summary>
    public sealed class Summary
    {
        /// <summary>The period's totals.</summary>
        public DayRow Totals { get; } = new();

        /// <summary>Each credited partner's revenue, largest first.</summary>
        public List<decimal> PartnerRevenue { get; } = [];

        /// <summary>The revenue of the top 20% of those partners.</summary>
        public decimal TopPartnersRevenue { get; set; }
    }
}
