using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Privacy;

/// <summary>A partner's export holds their data; erasing it keeps every amount.</summary>
public sealed class PartnerPrivacyTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 9, 0);
    private readonly AffiliateHost _host = new(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));

    private PartnerPrivacy Privacy => _host.Services.GetRequiredService<PartnerPrivacy>();

    [Fact]
    public async Task The_export_holds_the_profile_the_balances_and_every_line_of_the_partner_only()
    {
        await _host.PartnerAsync("anna", email: "anna@example.com");
        await _host.PartnerAsync("ben");
        await _host.ClickAsync("ANNA10", "v1");
        await _host.ClickAsync("BEN10", "v2");
        _host.Clock.Advance(Duration.FromHours(1));
        (await _host.SaleAsync("o1", 100m, "v1")).GetValueOrThrow();
        (await _host.SaleAsync("o2", 50m, "v1")).GetValueOrThrow();
        (await _host.SaleAsync("o3", 70m, "v2")).GetValueOrThrow();

        var export = (await Privacy.ExportAsync(new PartnerId("anna"))).GetValueOrThrow();

        Assert.Equal("anna@example.com", export.Partner.Email);
        Assert.Equal(["o1", "o2"], export.Lines.Select(l => l.ConversionId!.Value.Value).Order(StringComparer.Ordinal));
        Assert.Equal(15m, export.Balances.Sum(b => b.Pending.Amount));
        Assert.Empty(export.Payouts);
        Assert.Equal(_host.Clock.Now, export.ExportedAt);
    }

    [Fact]
    public async Task Erasing_removes_the_personal_data_keeps_the_amounts_raises_one_event_and_replays()
    {
        var anna = await _host.PartnerAsync("anna", email: "anna@example.com");
        await _host.ClickAsync("ANNA10", "v1");
        (await _host.SaleAsync("o1", 100m, "v1")).GetValueOrThrow();
        var before = await _host.Ledger.BalancesAsync(anna.Id);

        var erased = await Privacy.EraseAsync(anna.Id, "request 42");
        var again = await Privacy.EraseAsync(anna.Id, "request 42");

        Assert.True(erased.Succeeded);
        Assert.Equal(PartnerDirectory.ErasedName, erased.Value!.Name);
        Assert.Null(erased.Value.Email);
        Assert.Equal(anna.ReferralCodes, erased.Value.ReferralCodes);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(before, await _host.Ledger.BalancesAsync(anna.Id));
        var stored = await _host.Partners.FindAsync(anna.Id);
        Assert.Equal(PartnerDirectory.ErasedName, stored!.Name);
        Assert.Null(stored.Email);
        var events = (await _host.Store.PendingAsync(int.MaxValue, default)).OfType<PartnerErased>().ToList();
        Assert.Equal("request 42", Assert.Single(events).Reason);
    }

    [Fact]
    public async Task An_unknown_partner_or_a_bad_reason_is_a_result_code_and_writes_nothing()
    {
        var anna = await _host.PartnerAsync("anna", email: "anna@example.com");

        var unknown = await Privacy.ExportAsync(new PartnerId("nobody"));
        var eraseUnknown = await Privacy.EraseAsync(new PartnerId("nobody"));
        var badReason = await Privacy.EraseAsync(anna.Id, "line\u0000break");

        Assert.Equal(AffiliateErrorCodes.UnknownPartner, unknown.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.UnknownPartner, eraseUnknown.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, badReason.Error?.Code);
        Assert.Equal("anna@example.com", (await _host.Partners.FindAsync(anna.Id))!.Email);
    }

    public void Dispose() => _host.Dispose();
}
