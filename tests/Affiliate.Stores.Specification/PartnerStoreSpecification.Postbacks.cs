using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>Partners' postback URL templates: one per partner, replaced on save, removed on delete.</summary>
public abstract partial class PartnerStoreSpecification
{
    private IPartnerPostbackStore Postbacks =>
        Stores.Postbacks ?? throw new InvalidOperationException("This store keeps no postbacks.");

    [Fact]
    public async Task A_saved_postback_comes_back_exactly_and_a_second_save_replaces_it()
    {
        var anna = new PartnerId("p-anna");
        var first = new PartnerPostback(anna, "https://t.example/pb?c={click_id}&s={sub1}&ü=ß", Precise(1));
        var second = new PartnerPostback(anna, "http://other.example/{conversion_id}/{status}", Precise(2));

        await Postbacks.SavePostbackAsync(first, None);
        Assert.Equal(first, await Postbacks.FindPostbackAsync(anna, None));

        await Postbacks.SavePostbackAsync(second, None);
        Assert.Equal(second, await Postbacks.FindPostbackAsync(anna, None));
        Assert.Null(await Postbacks.FindPostbackAsync(new PartnerId("p-bert"), None));
    }

    [Fact]
    public async Task A_deleted_postback_is_gone_and_deleting_a_missing_one_says_so()
    {
        var anna = new PartnerId("p-anna");
        var bert = new PartnerId("p-bert");
        await Postbacks.SavePostbackAsync(new PartnerPostback(anna, "https://a.example/{amount}", Precise(1)), None);
        await Postbacks.SavePostbackAsync(new PartnerPostback(bert, "https://b.example/{amount}", Precise(1)), None);

        Assert.True(await Postbacks.DeletePostbackAsync(anna, None));
        Assert.False(await Postbacks.DeletePostbackAsync(anna, None));

        Assert.Null(await Postbacks.FindPostbackAsync(anna, None));
        Assert.Equal("https://b.example/{amount}", (await Postbacks.FindPostbackAsync(bert, None))?.UrlTemplate);
    }
}
