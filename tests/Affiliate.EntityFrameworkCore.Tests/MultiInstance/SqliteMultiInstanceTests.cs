using Xunit.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// The embedded default across processes on one machine: four service providers (as four processes would) over one
/// SQLite file, each connection opening the file on its own (no pooling), racing on the same order and on payouts.
/// </summary>
public sealed class SqliteMultiInstanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_same_order_delivered_ten_times_at_once_is_recorded_once()
    {
        await using var fleet = await Fleet.SqliteAsync();
        await Races.SameOrderDeliveredConcurrentlyAsync(fleet, output, rounds: 3);
    }

    [Fact]
    public async Task The_same_order_id_with_different_content_at_once_records_one_and_refuses_the_others()
    {
        await using var fleet = await Fleet.SqliteAsync();
        await Races.SameOrderWithDifferentContentAsync(fleet, output, rounds: 3);
    }

    [Fact]
    public async Task Payout_runs_on_every_instance_at_once_pay_each_line_once_and_each_payout_is_paid_once()
    {
        await using var fleet = await Fleet.SqliteAsync();
        await Races.ConcurrentPayoutsAsync(fleet, output, lineCount: 60, partnerCount: 4, runsPerInstance: 3);
    }

    [Fact]
    public async Task Approval_runs_on_every_instance_at_once_approve_each_line_once()
    {
        await using var fleet = await Fleet.SqliteAsync();
        await Races.ConcurrentApprovalsAsync(fleet, output, lineCount: 60, partnerCount: 4, runsPerInstance: 3);
    }

    [Fact]
    public async Task The_same_click_id_with_other_times_at_once_is_recorded_once_and_the_others_refused()
    {
        await using var fleet = await Fleet.SqliteAsync();
        await Races.SameClickDeliveredConcurrentlyAsync(fleet, output, sameContent: false, rounds: 3);
    }

    [Fact]
    public async Task Eight_distinct_refunds_of_one_order_at_once_all_succeed()
    {
        await using var fleet = await Fleet.SqliteAsync();
        await Races.DistinctRefundsConcurrentlyAsync(fleet, output, refundAmount: 10m);
    }

    [Fact]
    public async Task Distinct_refunds_beyond_the_sale_at_once_answer_refund_exceeds_sale_never_a_conflict()
    {
        await using var fleet = await Fleet.SqliteAsync();
        await Races.DistinctRefundsConcurrentlyAsync(fleet, output, refundAmount: 15m);
    }
}
