using System.Globalization;

namespace Affiliate.Stores.Specification;

/// <summary>
/// The suite's own oracle for <see cref="IRollupStore"/>: dictionaries of the sums of the <see cref="RollupChange"/>s
/// a fact expects a store to hold, answering the read side's questions as the contract words them. Facts compare a
/// store's answers with the model's over a fixed battery of questions (<see cref="SnapshotAsync"/>).
/// </summary>
public sealed class RollupModel : IRollupStore
{
    private static readonly StatsDimension[] Dimensions = Enum.GetValues<StatsDimension>();

    private readonly Dictionary<StatsKey, StatsCounters> _stats = [];
    private readonly Dictionary<ActivityKey, ActivityCounters> _activity = [];
    private readonly Dictionary<BalanceKey, BalanceCounters> _balances = [];
    private readonly HashSet<VisitorMark> _visitors = [];

    /// <summary>Adds a change as a store applies one with a write (rows appear when a change touches them).</summary>
    public RollupModel Add(RollupChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var (key, value) in change.Stats)
        {
            _stats[key] = _stats.GetValueOrDefault(key) + value;
        }

        foreach (var (key, value) in change.Activity)
        {
            _activity[key] = _activity.GetValueOrDefault(key) + value;
        }

        foreach (var (key, value) in change.Balances)
        {
            _balances[key] = _balances.GetValueOrDefault(key) + value;
        }

        _visitors.UnionWith(change.Visitors);
        return this;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StatsRow>> StatsAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var everyPartner = query.GroupBy == StatsGrouping.Partner && query.PartnerId is null;
        var rows = _stats
            .Where(s =>
                s.Key.ProgramId == query.ProgramId
                && s.Key.Dimension == query.Dimension
                && s.Key.Day >= query.From
                && s.Key.Day < query.Until
                && (everyPartner ? s.Key.PartnerId is not null : s.Key.PartnerId == query.PartnerId)
            )
            .ToArray();
        static StatsCounters Sum(IEnumerable<KeyValuePair<StatsKey, StatsCounters>> group) =>
            group.Aggregate(default(StatsCounters), (sum, row) => sum + row.Value);
        IReadOnlyList<StatsRow> result = query.GroupBy switch
        {
            StatsGrouping.Day => rows.GroupBy(r => r.Key.Day)
                .OrderBy(g => g.Key)
                .Select(g => new StatsRow(g.Key, null, null, Sum(g)))
                .ToArray(),
            StatsGrouping.Value => rows.GroupBy(r => r.Key.Value, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new StatsRow(null, null, g.Key, Sum(g)))
                .ToArray(),
            _ => rows.GroupBy(r => r.Key.PartnerId!.Value)
                .OrderBy(g => g.Key.Value, StringComparer.Ordinal)
                .Select(g => new StatsRow(null, g.Key, null, Sum(g)))
                .ToArray(),
        };
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<long>> UniqueVisitorsAsync(
        ProgramId programId,
        PartnerId? partnerId,
        IReadOnlyList<DateInterval> ranges,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(ranges);
        IReadOnlyList<long> counts = ranges
            .Select(r =>
                (long)
                    _visitors
                        .Where(v => v.ProgramId == programId && v.PartnerId == partnerId && r.Contains(v.Day))
                        .Select(v => v.VisitorId)
                        .Distinct(StringComparer.Ordinal)
                        .Count()
            )
            .ToArray();
        return ValueTask.FromResult(counts);
    }

    /// <inheritdoc />
    public ValueTask<ActivityCounters> ActivityAsync(
        ProgramId programId,
        PartnerId? partnerId,
        long fromHour,
        long untilHour,
        CancellationToken cancellationToken
    ) =>
        ValueTask.FromResult(
            _activity
                .Where(a => a.Key.ProgramId == programId && a.Key.PartnerId == partnerId)
                .Where(a => a.Key.Hour >= fromHour && a.Key.Hour < untilHour)
                .Aggregate(default(ActivityCounters), (sum, a) => sum + a.Value)
        );

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BalanceRow>> BalancesAsync(
        PartnerId partnerId,
        ProgramId? programId,
        CancellationToken cancellationToken
    )
    {
        IReadOnlyList<BalanceRow> rows = _balances
            .Where(b => b.Key.PartnerId == partnerId && (programId is null || b.Key.ProgramId == programId))
            .OrderBy(b => b.Key.ProgramId.Value, StringComparer.Ordinal)
            .ThenBy(b => b.Key.Currency.Code, StringComparer.Ordinal)
            .Select(b => new BalanceRow(b.Key.ProgramId, b.Key.Currency, b.Value))
            .ToArray();
        return ValueTask.FromResult(rows);
    }

    /// <summary>
    /// A store's answers to a fixed battery of questions about <see cref="SpecData.Program"/> and
    /// <see cref="SpecData.OtherProgram"/> in March 2026 and partners p-1, p-2 and p-3: every dimension grouped by
    /// day and by value, every partner per dimension, activity, visitors and balances. One line per answer row, so a
    /// failing comparison names the row that differs.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SnapshotAsync(IRollupStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var lines = new List<string>();
        var (from, until) = (new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1));
        PartnerId?[] partners = [null, new PartnerId("p-1"), new PartnerId("p-2"), new PartnerId("p-3")];
        var none = CancellationToken.None;
        foreach (var program in new[] { SpecData.Program, SpecData.OtherProgram })
        {
            foreach (var dimension in Dimensions)
            {
                foreach (var partner in partners)
                {
                    foreach (var grouping in new[] { StatsGrouping.Day, StatsGrouping.Value })
                    {
                        var query = new StatsQuery
                        {
                            ProgramId = program,
                            PartnerId = partner,
                            From = from,
                            Until = until,
                            Dimension = dimension,
                            GroupBy = grouping,
                        };
                        var rows = await store.StatsAsync(query, none);
                        var prefix = $"stats {program} {Name(partner)} {dimension} by {grouping}";
                        lines.AddRange(rows.Select(r => $"{prefix}: {r}"));
                    }
                }

                var everyPartner = new StatsQuery
                {
                    ProgramId = program,
                    From = from,
                    Until = until,
                    Dimension = dimension,
                    GroupBy = StatsGrouping.Partner,
                };
                var totals = await store.StatsAsync(everyPartner, none);
                lines.AddRange(totals.Select(r => $"stats {program} {dimension} by partner: {r}"));
            }

            DateInterval[] ranges =
            [
                new(from, until.PlusDays(-1)),
                new(new LocalDate(2026, 3, 2), new LocalDate(2026, 3, 2)),
                new(new LocalDate(2026, 3, 3), new LocalDate(2026, 3, 4)),
            ];
            var hour = ActivityHours.Of(SpecData.T0);
            var hours = (From: hour - (24 * 3), Until: hour + (24 * 40));
            foreach (var partner in partners)
            {
                var visitors = await store.UniqueVisitorsAsync(program, partner, ranges, none);
                var counts = string.Join(", ", visitors.Select(v => v.ToString(CultureInfo.InvariantCulture)));
                lines.Add($"visitors {program} {Name(partner)}: {counts}");
                var activity = await store.ActivityAsync(program, partner, hours.From, hours.Until, none);
                lines.Add($"activity {program} {Name(partner)}: {activity}");
            }
        }

        foreach (var partner in partners.OfType<PartnerId>())
        {
            var balances = await store.BalancesAsync(partner, null, none);
            lines.AddRange(
                balances.Select(b =>
                    $"balance {partner}: {b.ProgramId} {b.Currency.Code}/{b.Currency.MinorUnits} {b.Counters}"
                )
            );
        }

        return lines;

        static string Name(PartnerId? partner) => partner?.Value ?? "*";
    }
}
