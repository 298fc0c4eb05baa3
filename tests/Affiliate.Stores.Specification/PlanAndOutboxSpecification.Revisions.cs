using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// Plan revisions: a plan saved against the revision the writer read (0 for none stored) is stored at the next
/// revision with its events; any other revision is a conflict that writes nothing; the stored plans list by id.
/// </summary>
public abstract partial class PlanAndOutboxSpecification
{
    private static PlanVersionScheduled Scheduled(CommissionPlan plan, long revision) =>
        new(plan.Id, plan.Versions[^1].Number, plan.Versions[^1].EffectiveFrom, revision)
        {
            EventId = NextEventId(),
            OccurredAt = Precise(1),
            ProgramId = Program,
        };

    private static CommissionPlan WithThirdVersion(CommissionPlan plan, decimal percent = 12.5m) =>
        plan.AddVersion(
            new PlanVersion
            {
                Number = 3,
                EffectiveFrom = Precise(60 * 24 * 60),
                Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(percent) }],
            },
            Precise(60 * 24 * 45)
        );

    [Fact]
    public async Task A_plan_saved_against_revision_0_is_stored_at_revision_1_with_its_events()
    {
        var plan = FullPlan();
        var scheduled = Scheduled(plan, 1);

        var result = await Stores.Plans.SaveAsync(Expect(plan, 0), [scheduled], None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        var stored = await Stores.Plans.FindStoredAsync(plan.Id, None);
        Assert.Equal(1, stored?.Revision);
        SpecAssert.Equivalent(plan, stored?.Plan);
        SpecAssert.EquivalentSequence<AffiliateEvent>([scheduled], await PendingEventsAsync());
        Assert.Null(await Stores.Plans.FindStoredAsync(new PlanId("plan-unknown"), None));
    }

    [Fact]
    public async Task A_plan_saved_against_its_revision_moves_to_the_next_with_its_new_versions()
    {
        var plan = FullPlan();
        await Stores.Plans.SaveAsync(Expect(plan, 0), [], None);
        var changed = WithThirdVersion(plan);

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Plans.SaveAsync(Expect(changed, 1), [], None)).Status);

        var stored = await Stores.Plans.FindStoredAsync(plan.Id, None);
        Assert.Equal(2, stored?.Revision);
        Assert.Equal([1, 2, 3], stored!.Plan.Versions.Select(v => v.Number));
        SpecAssert.Equivalent(changed, await Stores.Plans.FindAsync(plan.Id, None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task A_plan_saved_against_another_revision_is_a_conflict_and_writes_nothing(long revision)
    {
        var plan = FullPlan();
        await Stores.Plans.SaveAsync(Expect(plan, 0), [], None);

        var result = await Stores.Plans.SaveAsync(Expect(WithThirdVersion(plan), revision), [Scheduled(plan, 2)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        var stored = await Stores.Plans.FindStoredAsync(plan.Id, None);
        Assert.Equal(1, stored?.Revision);
        SpecAssert.Equivalent(plan, stored?.Plan);
        Assert.Empty(await PendingEventsAsync());
    }

    [Fact]
    public async Task A_plan_not_stored_saved_against_a_revision_above_0_is_a_conflict_and_creates_nothing()
    {
        var result = await Stores.Plans.SaveAsync(Expect(FullPlan(), 1), [Scheduled(FullPlan(), 2)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        Assert.Null(await Stores.Plans.FindStoredAsync(FullPlan().Id, None));
        Assert.Empty(await Stores.Plans.ListAsync(None));
        Assert.Empty(await PendingEventsAsync());
    }

    [Fact]
    public async Task A_save_without_a_revision_moves_the_revision_on_too()
    {
        var plan = FullPlan();
        await Stores.Plans.SaveAsync(plan, None);
        Assert.Equal(1, (await Stores.Plans.FindStoredAsync(plan.Id, None))?.Revision);

        await Stores.Plans.SaveAsync(WithThirdVersion(plan), None);

        Assert.Equal(2, (await Stores.Plans.FindStoredAsync(plan.Id, None))?.Revision);
        Assert.Equal(StoreWriteStatus.Conflict, (await Stores.Plans.SaveAsync(Expect(plan, 1), [], None)).Status);
    }

    [Fact]
    public async Task Stored_plans_list_ordered_by_id_with_their_versions_and_revisions()
    {
        Assert.Empty(await Stores.Plans.ListAsync(None));
        var b = FullPlan("plan-b");
        var a = FullPlan("plan-A") with { Name = "Upper case sorts first" };
        var c = FullPlan("plan-c");
        await Stores.Plans.SaveAsync(Expect(b, 0), [], None);
        await Stores.Plans.SaveAsync(Expect(c, 0), [], None);
        await Stores.Plans.SaveAsync(Expect(a, 0), [], None);
        await Stores.Plans.SaveAsync(Expect(WithThirdVersion(b), 1), [], None);

        var listed = await Stores.Plans.ListAsync(None);

        Assert.Equal(["plan-A", "plan-b", "plan-c"], listed.Select(p => p.Plan.Id.Value));
        Assert.Equal([1L, 2L, 1L], listed.Select(p => p.Revision));
        SpecAssert.Equivalent(WithThirdVersion(b), listed[1].Plan);
        SpecAssert.Equivalent(a, listed[0].Plan);
    }

    [Fact]
    public async Task Of_saves_made_at_once_against_the_same_revision_exactly_one_is_written()
    {
        var plan = FullPlan();
        await Stores.Plans.SaveAsync(Expect(plan, 0), [], None);

        var results = await RaceAsync(6, (stores, i) =>
            stores.Plans.SaveAsync(Expect(WithThirdVersion(plan, 10m + i), 1), [Scheduled(plan, 2)], None)
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        var stored = await Stores.Plans.FindStoredAsync(plan.Id, None);
        Assert.Equal(2, stored?.Revision);
        SpecAssert.Equivalent(WithThirdVersion(plan, 10m + winner), stored?.Plan);
        Assert.Single(await PendingEventsAsync());
    }

    [Fact]
    public async Task Of_first_saves_made_at_once_exactly_one_is_written()
    {
        var results = await RaceAsync(6, (stores, i) =>
            stores.Plans.SaveAsync(Expect(FullPlan() with { Name = $"Plan {i}" }, 0), [Scheduled(FullPlan(), 1)], None)
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        var stored = await Stores.Plans.FindStoredAsync(FullPlan().Id, None);
        Assert.Equal((1L, $"Plan {winner}"), (stored!.Revision, stored.Plan.Name));
        Assert.Single(await PendingEventsAsync());
    }
}
