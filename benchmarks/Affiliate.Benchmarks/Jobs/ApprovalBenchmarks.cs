using System.Data.Common;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Affiliate.Benchmarks.Jobs;

/// <summary>
/// The approval job, <c>CommissionLedger.ApproveDueAsync</c>, over every line due. Target: at least 0.3 times as fast
/// as one hand-written set-based UPDATE of the same lines (Ratio &lt;= 3.33), which writes no events.
/// </summary>
[MemoryDiagnoser]
public class ApprovalBenchmarks : JobBenchmarks
{
    private static readonly string LinesTable = BenchDatabase.Table("commission_lines");

    private long _due;
    private DbConnection? _connection;

    /// <inheritdoc />
    protected override Template Data => DataSets.PendingLines(Sizes.Of(Lines));

    /// <summary>The hand-written UPDATE.</summary>
    [Benchmark(Baseline = true)]
    public async Task SetBasedUpdate()
    {
        await using var command = _connection!.CreateCommand();
        command.CommandText =
            $"UPDATE {LinesTable} SET state = @approved, approved_at = @at, version = version + 1 "
            + "WHERE program_id = @program AND state = @pending AND approvable_at <= @at";
        Add(command, "approved", (int)CommissionState.Approved);
        Add(command, "pending", (int)CommissionState.Pending);
        Add(command, "at", BenchProgram.JobsRunAt.ToUnixTimeTicks());
        Add(command, "program", BenchProgram.ProgramId.Value);
        var approved = await command.ExecuteNonQueryAsync();
        Expect(approved == _due, $"The UPDATE approved {approved} of {_due} due lines.");
    }

    /// <summary>The library's approval job.</summary>
    [Benchmark]
    public async Task ApproveDue()
    {
        var approved = await Host.RunAsync<CommissionLedger, int>(l =>
            l.ApproveDueAsync(BenchProgram.ProgramId, BenchProgram.JobsRunAt).AsTask()
        );
        Expect(approved == _due, $"ApproveDueAsync approved {approved} of {_due} due lines.");
    }

    /// <inheritdoc />
    protected override async Task PrepareAsync()
    {
        _due = await Database.ScalarAsync(
            $"SELECT COUNT(*) FROM {LinesTable} WHERE state = {(int)CommissionState.Pending}"
        );
        _connection = await Database.OpenAsync();
    }

    /// <inheritdoc />
    protected override async Task CleanUpAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
