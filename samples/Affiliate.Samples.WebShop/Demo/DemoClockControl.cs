using Affiliate.Samples.WebShop.Data;

namespace Affiliate.Samples.WebShop.Demo;

/// <summary>What moving the demo clock did.</summary>
/// <param name="Now">The demo's time afterwards.</param>
/// <param name="Approvals">The approval job's summary.</param>
/// <param name="Payouts">The payout job's summary.</param>
public sealed record ClockMove(Instant Now, string Approvals, string Payouts);

/// <summary>
/// The admin's demo clock control: moves the shop's clock forward (saved, so a restart keeps it) and runs the
/// library's approval and payout jobs at once, as their schedules would on those days. Scoped.
/// </summary>
public sealed class DemoClockControl(DemoClock clock, ShopSettings settings, AffiliateJobRunner jobs)
{
    /// <summary>The longest single step.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(45);

    /// <summary>The demo's time.</summary>
    public Instant Now => clock.Now;

    /// <summary>How far the demo runs ahead of real time.</summary>
    public TimeSpan Offset => clock.Offset;

    /// <summary>03:00 (in the program's zone) of the next payout date after today: the 1st of next month.</summary>
    public Instant NextPayoutRun()
    {
        var zone = DemoProgram.Zone;
        var next = DemoProgram.Payouts.Schedule.NextOnOrAfter(clock.Now.InZone(zone).Date.PlusDays(1));
        return next.At(new LocalTime(3, 0)).InZoneLeniently(zone).ToInstant();
    }

    /// <summary>Moves the clock forward by <paramref name="step"/> (1 minute to 45 days) and runs the jobs.</summary>
    public async Task<ClockMove> AdvanceAsync(TimeSpan step, CancellationToken cancellationToken = default)
    {
        if (step <= TimeSpan.Zero || step > MaxStep)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "A step is from a minute to 45 days.");
        }

        clock.Advance(step);
        await settings.SaveClockOffsetAsync(clock.Offset, cancellationToken);
        var approvals = await jobs.RunOnceAsync(ApprovalJob.JobName, cancellationToken);
        var payouts = await jobs.RunOnceAsync(PayoutJob.JobName, cancellationToken);
        return new ClockMove(clock.Now, approvals.Summary, payouts.Summary);
    }
}
