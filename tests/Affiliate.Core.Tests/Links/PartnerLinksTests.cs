using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Links;

/// <summary>PartnerLinks as a host resolves it: input checks with stable codes, nothing written on refusal.</summary>
public sealed class PartnerLinksTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 9, 0);
    private readonly AffiliateHost _host = new(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));

    private PartnerLinks Links => _host.Services.GetRequiredService<PartnerLinks>();

    private static readonly PartnerId Anna = new("anna");

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Unknown_link_is_a_not_found_code_of_the_category_table()
    {
        Assert.True(AffiliateErrorCategories.Knows(AffiliateErrorCodes.UnknownLink));
        Assert.Equal(AffiliateErrorCategory.NotFound, AffiliateErrorCategories.Of("unknown_link"));
    }

    [Fact]
    public async Task A_created_link_keeps_its_destination_sub_ids_name_and_creation_time()
    {
        await RegisterAnnaAsync();

        var link = (
            await Links.CreateAsync(
                new PartnerLinkRequest
                {
                    PartnerId = Anna,
                    Destination = "https://shop.example/shoes?size=42",
                    Sub1 = "ig",
                    Sub4 = "story",
                    Name = "Shoes",
                }
            )
        ).GetValueOrThrow();

        Assert.True(PartnerLinks.IsValidId(link.Id));
        Assert.Equal(Anna, link.PartnerId);
        Assert.Equal(Start, link.CreatedAt);
        Assert.True(link.Active);
        Assert.Equal(["ig", "", "", "story"], link.SubIds);
        Assert.Equal(link, await _host.Store.FindLinkAsync(link.Id, default));
    }

    public static TheoryData<string?, string, string?> BadRequests =>
        new()
        {
            { "has space", "/x", null },
            { "slash/in-id", "/x", null },
            { "dots..", "/x", null },
            { new string('a', 65), "/x", null },
            { "", "/x", null },
            { null, "", null },
            { null, "//evil.com", null },
            { null, "javascript:alert(1)", null },
            { null, "https:evil.com", null },
            { null, "https://shop.example@evil.com/", null },
            { null, "/\\evil.com", null },
            { null, "shop.example/x", null },
            { null, "/x\u0000", null },
            { null, "/" + new string('x', 2048), null },
            { null, "/x", new string('s', 129) },
            { null, "/x", "line\nbreak" },
        };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Malformed_input_is_invalid_request_and_writes_nothing(string? id, string destination, string? sub)
    {
        await RegisterAnnaAsync();

        var result = await Links.CreateAsync(
            new PartnerLinkRequest
            {
                PartnerId = Anna,
                Id = id,
                Destination = destination,
                Sub5 = sub,
            }
        );

        Assert.Equal(AffiliateErrorCodes.InvalidRequest, result.Error?.Code);
        Assert.Empty((await Links.ListAsync(Anna, new PageRequest())).GetValueOrThrow().Items);
    }

    [Fact]
    public async Task A_link_for_an_unknown_partner_is_refused_and_writes_nothing()
    {
        var result = await Links.CreateAsync(
            new PartnerLinkRequest
            {
                PartnerId = Anna,
                Id = "x",
                Destination = "/",
            }
        );

        Assert.Equal(AffiliateErrorCodes.UnknownPartner, result.Error?.Code);
        Assert.Null(await _host.Store.FindLinkAsync("x", default));
    }

    [Fact]
    public async Task Paging_refuses_a_size_below_one_and_an_edited_cursor()
    {
        await RegisterAnnaAsync();
        for (var i = 0; i < 3; i++)
        {
            await Links.CreateAsync(new PartnerLinkRequest { PartnerId = Anna, Destination = "/" });
        }

        var page = (await Links.ListAsync(Anna, new PageRequest { Size = 2 })).GetValueOrThrow();
        var edited = page.NextCursor![..^2] + (page.NextCursor[^2] == 'A' ? "B" : "A") + page.NextCursor[^1];

        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await Links.ListAsync(Anna, new PageRequest { Size = 0 })).Error?.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidCursor,
            (await Links.ListAsync(Anna, new PageRequest { Cursor = edited })).Error?.Code
        );
        Assert.Single((await Links.ListAsync(Anna, new PageRequest { Cursor = page.NextCursor })).Value!.Items);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/shoes?size=42#top", true)]
    [InlineData("/%2F%2Fevil.com", true)]
    [InlineData("https://shop.example/x", true)]
    [InlineData("HTTP://shop.example", true)]
    [InlineData("//evil.com", false)]
    [InlineData("///evil.com", false)]
    [InlineData("/\\evil.com", false)]
    [InlineData("\\\\evil.com", false)]
    [InlineData("https:evil.com", false)]
    [InlineData("https:/evil.com", false)]
    [InlineData("https://shop.example@evil.com", false)]
    [InlineData("https://evil.com\\@shop.example", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript://%0Aalert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    [InlineData("ftp://shop.example", false)]
    [InlineData(" /x", false)]
    [InlineData("/x y", false)]
    [InlineData("/\tevil.com", false)]
    [InlineData("relative/path", false)]
    public void A_destination_is_a_plain_path_or_an_absolute_http_url_nothing_else(string destination, bool accepted)
    {
        Assert.Equal(accepted, LinkDestination.Problem(destination) is null);
    }

    private async Task RegisterAnnaAsync() =>
        (
            await _host.Partners.RegisterAsync(
                new PartnerApplication
                {
                    Id = Anna,
                    Name = "Anna",
                    ReferralCodes = ["ANNA"],
                    AutoApprove = true,
                }
            )
        ).GetValueOrThrow();
}
