using System.Collections.Concurrent;
using System.Data.Common;
using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Affiliate.EntityFrameworkCore.Tests.Stores;

/// <summary>
/// Every list query, first page and later pages, is answered from the index made for its filter and order: the
/// database's own plan shows the index, no scan of the table and no sort of its rows. That is what keeps a page's
/// cost independent of the table's size and of the page's number.
/// </summary>
public abstract class ListQueryPlanTests
{
    private static readonly ListPosition Position = new(Instant.FromUtc(2026, 3, 2, 9, 30), "m");

    /// <summary>The table prefix of the default model options.</summary>
    private const string Prefix = "affiliate_";

    protected abstract Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync(IInterceptor interceptor);

    /// <summary>The plan of a statement with the parameters of <paramref name="command"/>.</summary>
    protected abstract Task<IReadOnlyList<string>> ExplainAsync(DbCommand command);

    /// <summary>A plan line that reads a table without an index, or null.</summary>
    protected abstract string? FullScan(IReadOnlyList<string> plan);

    /// <summary>A plan line that sorts rows, or null.</summary>
    protected abstract string? Sort(IReadOnlyList<string> plan);

    /// <summary>How the plan names an index of the schema (PostgreSQL names a partition's indexes itself).</summary>
    protected virtual string? IndexName(string index, string table) => $"ix_{Prefix}{index}";

    public static TheoryData<string> Cases => [.. Plans.Keys];

    /// <summary>Each list query (a filter combination) with the index that must serve it.</summary>
    private static readonly Dictionary<string, Expected> Plans = new()
    {
        ["partners"] = Partners(new(), "partners_list"),
        ["partners status"] = Partners(new() { Status = PartnerStatus.Active }, "partners_status_list"),
        ["partners segment"] = Partners(new() { Segment = Segment }, "partners_segment_list"),
        ["partners segment status"] = Partners(
            new() { Segment = Segment, Status = PartnerStatus.Pending },
            "partners_segment_status_list"
        ),
        ["partners sponsor"] = Partners(new() { SponsorId = Partner }, "partners_sponsor_list"),
        ["partners sponsor segment status"] = Partners(
            new()
            {
                SponsorId = Partner,
                Segment = Segment,
                Status = PartnerStatus.Active,
            },
            "partners_sponsor_list"
        ),
        ["conversions"] = Conversions(new() { ProgramId = Program }, "conversions_list"),
        ["conversions status"] = Conversions(
            new() { ProgramId = Program, Status = ConversionStatus.Held },
            "conversions_status_list"
        ),
        ["conversions partner"] = Conversions(
            new() { ProgramId = Program, PartnerId = Partner },
            "conversion_partners_list"
        ),
        ["conversions partner status"] = Conversions(
            new()
            {
                ProgramId = Program,
                PartnerId = Partner,
                Status = ConversionStatus.Held,
            },
            "conversion_partners_status_list"
        ),
        ["conversions period"] = Conversions(
            new()
            {
                ProgramId = Program,
                From = March,
                Until = April,
            },
            "conversions_list"
        ),
        ["conversions partner period"] = Conversions(
            new()
            {
                ProgramId = Program,
                PartnerId = Partner,
                From = March,
                Until = April,
            },
            "conversion_partners_list"
        ),
        ["lines"] = Lines(new() { ProgramId = Program }, "commission_lines_list"),
        ["lines state"] = Lines(
            new() { ProgramId = Program, State = CommissionState.Held },
            "commission_lines_state_list"
        ),
        ["lines partner"] = Lines(new() { ProgramId = Program, PartnerId = Partner }, "commission_lines_partner_list"),
        ["lines partner state"] = Lines(
            new()
            {
                ProgramId = Program,
                PartnerId = Partner,
                State = CommissionState.Approved,
            },
            "commission_lines_partner_state_list"
        ),
        ["lines payout"] = Lines(new() { ProgramId = Program, PayoutId = Payout }, "commission_lines_payout_list"),
        ["lines payout partner state"] = Lines(
            new()
            {
                ProgramId = Program,
                PayoutId = Payout,
                PartnerId = Partner,
                State = CommissionState.Paid,
            },
            "commission_lines_payout_list"
        ),
        ["lines conversion"] = Lines(
            new() { ProgramId = Program, ConversionId = Conversion },
            "commission_lines_conversion_list"
        ),
        ["lines conversion partner state"] = Lines(
            new()
            {
                ProgramId = Program,
                ConversionId = Conversion,
                PartnerId = Partner,
                State = CommissionState.Paid,
            },
            "commission_lines_conversion_list"
        ),
        ["payouts"] = Payouts(new() { ProgramId = Program }, "payouts_list"),
        ["payouts status"] = Payouts(new() { ProgramId = Program, Status = PayoutStatus.Paid }, "payouts_status_list"),
        ["payouts partner"] = Payouts(new() { ProgramId = Program, PartnerId = Partner }, "payouts_partner_list"),
        ["payouts partner status"] = Payouts(
            new()
            {
                ProgramId = Program,
                PartnerId = Partner,
                Status = PayoutStatus.Paid,
            },
            "payouts_partner_status_list"
        ),
        ["payouts period"] = Payouts(
            new()
            {
                ProgramId = Program,
                From = March,
                Until = April,
            },
            "payouts_list"
        ),
        ["clicks"] = Clicks(new() { ProgramId = Program }, "clicks_list"),
        ["clicks partner"] = Clicks(new() { ProgramId = Program, PartnerId = Partner }, "clicks_partner_list"),
        ["clicks partner sub1"] = Clicks(
            new()
            {
                ProgramId = Program,
                PartnerId = Partner,
                Sub1 = "news",
            },
            "clicks_sub1_list"
        ),
        ["clicks period"] = Clicks(
            new()
            {
                ProgramId = Program,
                From = March,
                Until = April,
            },
            "clicks_list"
        ),

        // Not lists, but read the same way: the outbox's due events (schema 8) and its failed ones.
        ["outbox due"] = new(
            (s, _) => ((IOutboxStore)s).DueAsync(March, 100, default).AsTask(),
            "outbox_due",
            "outbox"
        ),
        ["outbox failed"] = new(
            (s, _) => ((IOutboxStore)s).FailedAsync(100, default).AsTask(),
            "outbox_failed",
            "outbox"
        ),
    };

    /// <summary>The indexes of the three prefix searches.</summary>
    protected abstract IReadOnlyList<string> SearchIndexes { get; }

    private static ProgramId Program => new("prg");

    private static PartnerId Partner => new("p-1");

    private static PartnerSegment Segment => PartnerSegment.Influencer;

    private static PayoutId Payout => new("pay-1");

    private static ConversionId Conversion => new("cnv-1");

    private static Instant March => Instant.FromUtc(2026, 3, 1, 0, 0);

    private static Instant April => Instant.FromUtc(2026, 4, 1, 0, 0);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_list_page_is_read_from_its_index_without_a_scan_or_a_sort(string name)
    {
        var expected = Plans[name];
        var plans = await PlansAsync(store => expected.Query(store, null), store => expected.Query(store, Position));
        foreach (var plan in plans)
        {
            var text = string.Join('\n', plan);

            var index = IndexName(expected.Index, expected.Table);
            Assert.True(
                index is null || plan.Any(line => line.Contains(index, StringComparison.Ordinal)),
                $"{name}: expected {index} in the plan:\n{text}"
            );
            Assert.True(FullScan(plan) is null, $"{name} scans a table:\n{text}");
            Assert.True(Sort(plan) is null, $"{name} sorts:\n{text}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_partner_search_reads_three_prefix_indexes_and_no_table(bool withStatus)
    {
        var filter = new PartnerListFilter { Search = "ann", Status = withStatus ? PartnerStatus.Active : null };

        var plan = (await PlansAsync(store => store.ListPartnersAsync(filter, Position, 11, default).AsTask()))[0];

        var text = string.Join('\n', plan);
        Assert.True(FullScan(plan) is null, $"The search scans a table:\n{text}");
        foreach (var index in SearchIndexes)
        {
            Assert.True(plan.Any(l => l.Contains(index, StringComparison.Ordinal)), $"{index} is not used:\n{text}");
        }
    }

    private static Expected Partners(PartnerListFilter filter, string index) =>
        new((s, a) => s.ListPartnersAsync(filter, a, 11, default).AsTask(), index, "partners");

    private static Expected Conversions(ConversionListFilter filter, string index) =>
        new((s, a) => s.ListConversionsAsync(filter, a, 11, default).AsTask(), index, "conversions");

    private static Expected Lines(LineListFilter filter, string index) =>
        new((s, a) => s.ListLinesAsync(filter, a, 11, default).AsTask(), index, "commission_lines");

    private static Expected Payouts(PayoutListFilter filter, string index) =>
        new((s, a) => s.ListPayoutsAsync(filter, a, 11, default).AsTask(), index, "payouts");

    private static Expected Clicks(ClickListFilter filter, string index) =>
        new((s, a) => s.ListClicksAsync(filter, a, 11, default).AsTask(), index, "clicks");

    /// <summary>Runs list queries on a fresh database; for each, the plans of the statements it ran.</summary>
    private async Task<IReadOnlyList<IReadOnlyList<string>>> PlansAsync(params Func<IListStore, Task>[] queries)
    {
        var log = new PlanLog(ExplainAsync);
        await using var context = new AffiliateDbContext(await NewDatabaseAsync(log));
        await AffiliateSchema.EnsureCreatedAsync(context);
        var store = new EntityFrameworkAffiliateStore(context);
        var plans = new List<IReadOnlyList<string>>();
        foreach (var query in queries)
        {
            log.Start();
            await query(store);
            Assert.NotEmpty(log.Lines);
            plans.Add(log.Lines);
        }

        return plans;
    }

    /// <summary>A list query, the index that must serve it, and its table.</summary>
    private sealed record Expected(Func<IListStore, ListPosition?, Task> Query, string Index, string Table);

    /// <summary>Explains every query the context runs, just before it runs.</summary>
    private sealed class PlanLog(Func<DbCommand, Task<IReadOnlyList<string>>> explain) : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _lines = new();

        private bool _on;

        public IReadOnlyList<string> Lines => [.. _lines];

        public void Start()
        {
            _lines.Clear();
            _on = true;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command,
            CommandEventData eventData,
            InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default
        )
        {
            if (_on)
            {
                foreach (var line in await explain(command))
                {
                    _lines.Enqueue(line);
                }
            }

            return result;
        }
    }

    protected static DbCommand Copy(DbCommand command, string prefix)
    {
        ArgumentNullException.ThrowIfNull(command);
        var copy = command.Connection!.CreateCommand();
        copy.Transaction = command.Transaction;
        copy.CommandText = prefix + command.CommandText;
        foreach (DbParameter parameter in command.Parameters)
        {
            var clone = copy.CreateParameter();
            clone.ParameterName = parameter.ParameterName;
            clone.DbType = parameter.DbType;
            clone.Value = parameter.Value;
            copy.Parameters.Add(clone);
        }

        return copy;
    }

    protected static async Task<IReadOnlyList<string>> ReadAsync(DbCommand command, int column)
    {
        ArgumentNullException.ThrowIfNull(command);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(column));
        }

        return lines;
    }
}

public sealed class SqliteListQueryPlanTests : ListQueryPlanTests, IAsyncLifetime
{
    private readonly List<SqliteFile> _files = [];

    protected override IReadOnlyList<string> SearchIndexes { get; } =
    [
        "ix_affiliate_partners_name_prefix",
        "ix_affiliate_partners_email_prefix",
        "sqlite_autoindex_affiliate_referral_codes_1",
    ];

    protected override Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync(IInterceptor interceptor)
    {
        var file = new SqliteFile();
        _files.Add(file);
        var options = new DbContextOptionsBuilder<AffiliateDbContext>().UseSqlite(file.ConnectionString);
        return Task.FromResult(options.AddInterceptors(interceptor).Options);
    }

    protected override async Task<IReadOnlyList<string>> ExplainAsync(DbCommand command)
    {
        await using var explain = Copy(command, "EXPLAIN QUERY PLAN ");
        return await ReadAsync(explain, 3);
    }

    // "SCAN t" without an index reads the whole table; "SCAN t USING INDEX ix" walks an index in order (and stops at
    // the LIMIT), "SEARCH" seeks one. A subquery's own rows ("CO-ROUTINE a1" ... "SCAN a1") are at most one page.
    protected override string? FullScan(IReadOnlyList<string> plan)
    {
        var subqueries = plan.Where(l =>
                l.StartsWith("CO-ROUTINE ", StringComparison.Ordinal)
                || l.StartsWith("MATERIALIZE ", StringComparison.Ordinal)
            )
            .Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..])
            .ToHashSet(StringComparer.Ordinal);
        return plan.FirstOrDefault(l =>
            l.StartsWith("SCAN ", StringComparison.Ordinal)
            && !l.Contains("USING", StringComparison.Ordinal)
            && !subqueries.Contains(l[5..])
        );
    }

    protected override string? Sort(IReadOnlyList<string> plan) =>
        plan.FirstOrDefault(l =>
            l.Contains("TEMP B-TREE FOR", StringComparison.Ordinal) && l.Contains("ORDER BY", StringComparison.Ordinal)
        );

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var file in _files)
        {
            await file.DisposeAsync();
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresListQueryPlanTests(PostgresServer server) : ListQueryPlanTests
{
    protected override IReadOnlyList<string> SearchIndexes { get; } =
    ["ix_affiliate_partners_name_prefix", "ix_affiliate_partners_email_prefix", "ix_affiliate_referral_codes_prefix"];

    protected override async Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync(IInterceptor interceptor) =>
        new DbContextOptionsBuilder<AffiliateDbContext>()
            .UseNpgsql(await server.CreateDatabaseAsync())
            .AddInterceptors(interceptor)
            .Options;

    /// <summary>
    /// With sequential scans, bitmap scans and sorts priced out, a plan that still has one has no other way: the
    /// indexes cannot serve the query. (On empty tables the planner would otherwise rightly prefer a scan.)
    /// </summary>
    protected override async Task<IReadOnlyList<string>> ExplainAsync(DbCommand command)
    {
        await using (var settings = command.Connection!.CreateCommand())
        {
            settings.Transaction = command.Transaction;
            settings.CommandText =
                "SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off; "
                + "SET enable_incremental_sort = off";
            await settings.ExecuteNonQueryAsync();
        }

        await using var explain = Copy(command, "EXPLAIN ");
        return await ReadAsync(explain, 0);
    }

    protected override string? FullScan(IReadOnlyList<string> plan) =>
        plan.FirstOrDefault(l => l.Contains("Seq Scan", StringComparison.Ordinal));

    protected override string? Sort(IReadOnlyList<string> plan) =>
        plan.FirstOrDefault(l => l.Contains("Sort", StringComparison.Ordinal));

    /// <summary>A partition's copy of an index has a name PostgreSQL makes up ; clicks are partitioned.</summary>
    protected override string? IndexName(string index, string table) =>
        table == "clicks" ? "Index Scan" : base.IndexName(index, table);
}
