using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// Scale-out on PostgreSQL: four simulated servers (AddDbContext, AddDbContextPool, AddDbContextFactory, AddDbContext),
/// each with its own service provider and connection pool, over ONE database, racing on the same order, refund,
/// approval run, payout run and referral code. Correctness must come from the database alone.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMultiInstanceTests(PostgresServer server, ITestOutputHelper output)
{
    [PostgresFact]
    public async Task The_same_order_delivered_ten_times_at_once_is_recorded_once()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.SameOrderDeliveredConcurrentlyAsync(fleet, output, rounds: 5);
    }

    [PostgresFact]
    public async Task The_same_order_id_with_different_content_at_once_records_one_and_refuses_the_others()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.SameOrderWithDifferentContentAsync(fleet, output, rounds: 5);
    }

    [PostgresFact]
    public async Task Approval_runs_on_every_instance_at_once_approve_each_of_200_lines_once()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.ConcurrentApprovalsAsync(fleet, output, lineCount: 200, partnerCount: 8, runsPerInstance: 3);
    }

    [PostgresFact]
    public async Task Payout_runs_on_every_instance_at_once_pay_each_line_once_and_each_payout_is_paid_once()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.ConcurrentPayoutsAsync(fleet, output, lineCount: 200, partnerCount: 8, runsPerInstance: 3);
    }

    [PostgresTheory]
    [InlineData(null)]
    [InlineData(40.0)]
    public async Task The_same_refund_delivered_from_every_instance_at_once_reverses_once(double? amount)
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.SameRefundDeliveredConcurrentlyAsync(fleet, output, amount is { } a ? (decimal)a : null);
    }

    [PostgresFact]
    public async Task Partners_registered_at_once_with_the_same_referral_code_get_it_once()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.ReferralCodeRaceAsync(fleet, output, rounds: 10);
    }

    [PostgresFact]
    public async Task The_same_click_delivered_from_every_instance_at_once_is_recorded_once()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.SameClickDeliveredConcurrentlyAsync(fleet, output, sameContent: true, rounds: 5);
    }

    // On PostgreSQL the clicks key is (program_id, id, occurred_at), because a partitioned table's unique keys must
    // hold the partition column: two deliveries of one click id with different times both pass the "exists?" check
    // and both insert (8 rows for 8 racers when this ran). The store's own comment admits it.
    [PostgresFact]
    public async Task The_same_click_id_with_other_times_at_once_is_recorded_once_and_the_others_refused()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.SameClickDeliveredConcurrentlyAsync(fleet, output, sameContent: false, rounds: 5);
    }

    [PostgresFact]
    public async Task Eight_distinct_refunds_of_one_order_at_once_all_succeed()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.DistinctRefundsConcurrentlyAsync(fleet, output, refundAmount: 10m);
    }

    [PostgresFact]
    public async Task Distinct_refunds_beyond_the_sale_at_once_answer_refund_exceeds_sale_never_a_conflict()
    {
        await using var fleet = await Fleet.PostgresAsync(server);
        await Races.DistinctRefundsConcurrentlyAsync(fleet, output, refundAmount: 15m);
    }
}
