namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// A redelivery that lands on another instance is judged by the content fingerprint alone: the same id with other
/// content must be an idempotency conflict, however small the difference. Found while racing clicks: times that
/// differ by less than a second are taken for the same content.
/// </summary>
public sealed class RedeliveryFingerprintTests
{
    [Fact]
    public async Task An_order_redelivered_to_another_instance_with_its_time_a_millisecond_off_is_a_conflict()
    {
        await using var fleet = await Fleet.SqliteAsync(count: 2);
        await fleet.RegisterPartnersAsync("anna");
        var first = fleet.Sale("order-1", 100m, Fleet.CodeOf("anna"));
        var later = first with
        {
            Facts = first.Facts with { OccurredAt = first.Facts.OccurredAt + Duration.FromMilliseconds(1) },
        };

        var recorded = await fleet
            .Instances[0]
            .RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r => r.RecordAsync(first).AsTask());
        var redelivered = await fleet
            .Instances[1]
            .RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r => r.RecordAsync(later).AsTask());

        Assert.True(recorded.Succeeded && !recorded.AlreadyRecorded, recorded.ToString());
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, redelivered.Error?.Code);
    }

    [Fact]
    public async Task A_click_redelivered_to_another_instance_with_its_time_a_millisecond_off_is_a_conflict()
    {
        await using var fleet = await Fleet.SqliteAsync(count: 2);
        await fleet.RegisterPartnersAsync("anna");
        ClickRequest Click(Instant at) =>
            new()
            {
                ClickId = new ClickId("click-1"),
                ReferralCode = Fleet.CodeOf("anna"),
                VisitorId = "visitor-1",
                OccurredAt = at,
            };

        var recorded = await fleet
            .Instances[0]
            .RunAsync<ClickTracker, AffiliateResult<Click>>(t => t.RecordAsync(Click(fleet.Clock.Now)).AsTask());
        var redelivered = await fleet
            .Instances[1]
            .RunAsync<ClickTracker, AffiliateResult<Click>>(t =>
                t.RecordAsync(Click(fleet.Clock.Now + Duration.FromMilliseconds(1))).AsTask()
            );

        Assert.True(recorded.Succeeded && !recorded.AlreadyRecorded, recorded.ToString());
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, redelivered.Error?.Code);
    }

    [Fact]
    public async Task An_order_redelivered_to_another_instance_with_its_time_a_second_off_is_a_conflict()
    {
        await using var fleet = await Fleet.SqliteAsync(count: 2);
        await fleet.RegisterPartnersAsync("anna");
        var first = fleet.Sale("order-1", 100m, Fleet.CodeOf("anna"));
        var later = first with
        {
            Facts = first.Facts with { OccurredAt = first.Facts.OccurredAt + Duration.FromSeconds(1) },
        };

        var recorded = await fleet
            .Instances[0]
            .RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r => r.RecordAsync(first).AsTask());
        var redelivered = await fleet
            .Instances[1]
            .RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r => r.RecordAsync(later).AsTask());
        var same = await fleet
            .Instances[1]
            .RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r => r.RecordAsync(first).AsTask());

        Assert.True(recorded.Succeeded && !recorded.AlreadyRecorded, recorded.ToString());
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, redelivered.Error?.Code);
        Assert.True(same.Succeeded && same.AlreadyRecorded, same.ToString());
    }
}
