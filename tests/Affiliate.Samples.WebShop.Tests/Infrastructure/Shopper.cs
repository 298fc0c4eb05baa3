using System.Net;

namespace Affiliate.Samples.WebShop.Tests.Infrastructure;

/// <summary>A customer going through the shop's pages: product, cart, checkout.</summary>
public static class Shopper
{
    /// <summary>Adds <paramref name="quantity"/> of the product to the client's cart.</summary>
    public static async Task AddToCartAsync(this HttpClient client, string slug, int quantity = 1)
    {
        ArgumentNullException.ThrowIfNull(client);
        var added = await client.PostFormAsync(
            "/products/" + slug,
            "/products/" + slug,
            new() { ["quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) }
        );
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
    }

    /// <summary>Submits the checkout form; returns the response (a redirect to the order, or the form again).</summary>
    public static Task<HttpResponseMessage> CheckoutAsync(
        this HttpClient client,
        string email = "lena@mail.example",
        string? coupon = null,
        string card = "4242 4242 4242 4242"
    ) =>
        client.PostFormAsync(
            "/checkout",
            "/checkout",
            new()
            {
                ["Input.Email"] = email,
                ["Input.Name"] = "Lena Test",
                ["Input.Country"] = "DE",
                ["Input.Coupon"] = coupon ?? "",
                ["Input.Card"] = card,
            }
        );

    /// <summary>Buys one product and returns the new order's id.</summary>
    public static async Task<string> BuyAsync(
        this HttpClient client,
        string slug = "huila-1kg",
        string? coupon = null,
        string email = "lena@mail.example"
    )
    {
        await client.AddToCartAsync(slug);
        var placed = await client.CheckoutAsync(email, coupon);
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var location = placed.Location();
        Assert.StartsWith("/orders/", location, StringComparison.Ordinal);
        return location["/orders/".Length..];
    }
}
