using System.Globalization;
using Affiliate.Samples.WebShop.Data;
using Microsoft.AspNetCore.Html;

namespace Affiliate.Samples.WebShop.Shop;

/// <summary>
/// The products' pictures, drawn as inline SVG from a motif and a hue: no image files, no downloads. Decorative (the
/// product's name is always next to it), so hidden from screen readers.
/// </summary>
public static class ProductArt
{
    /// <summary>The picture of <paramref name="product"/>.</summary>
    public static IHtmlContent Svg(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        var h = product.Hue.ToString(CultureInfo.InvariantCulture);
        var main = $"hsl({h} 45% 42%)";
        var light = $"hsl({h} 50% 88%)";
        var dark = $"hsl({h} 40% 24%)";
        var shape = product.Motif switch
        {
            "bag" => $"""
                <path d="M70 60h60l10 110H60z" fill="{main}"/><path d="M70 60l8-18h44l8 18z" fill="{dark}"/>
                <rect x="80" y="100" width="40" height="30" rx="4" fill="{light}"/>
                """,
            "beans" => $"""
                <ellipse cx="80" cy="100" rx="26" ry="36" fill="{main}" transform="rotate(-25 80 100)"/>
                <ellipse cx="125" cy="120" rx="26" ry="36" fill="{dark}" transform="rotate(20 125 120)"/>
                <path d="M70 72q18 28 20 58M118 92q-12 28 12 58" stroke="{light}" stroke-width="4" fill="none"/>
                """,
            "leaf" => $"""
                <path d="M100 40c50 20 55 90 0 130c-55-40-50-110 0-130z" fill="{main}"/>
                <path d="M100 50v110" stroke="{light}" stroke-width="4"/>
                """,
            "kettle" => $"""
                <path d="M60 90h80l10 70H50z" fill="{main}"/><path d="M140 110q40-5 45-45" stroke="{dark}"
                stroke-width="8" fill="none"/><path d="M75 90q25-40 50 0" stroke="{dark}" stroke-width="8" fill="none"/>
                """,
            "grinder" => $"""
                <rect x="75" y="80" width="50" height="90" rx="8" fill="{main}"/>
                <path d="M100 80V50h45" stroke="{dark}" stroke-width="8" fill="none"/>
                <circle cx="145" cy="50" r="9" fill="{dark}"/>
                """,
            "dripper" => $"""
                <path d="M55 70h90l-30 60H85z" fill="{main}"/><rect x="70" y="140" width="60" height="30" rx="6"
                fill="{light}" stroke="{dark}" stroke-width="4"/>
                """,
            "mug" => $"""
                <rect x="60" y="70" width="70" height="90" rx="10" fill="{main}"/>
                <path d="M130 95q30 0 30 25t-30 25" stroke="{dark}" stroke-width="9" fill="none"/>
                """,
            "towel" => $"""
                <rect x="65" y="45" width="70" height="120" rx="6" fill="{main}"/>
                <path d="M65 70h70M65 140h70" stroke="{light}" stroke-width="6"/>
                """,
            _ => $"""
                <rect x="62" y="45" width="76" height="115" rx="4" fill="{main}"/>
                <rect x="62" y="45" width="12" height="115" fill="{dark}"/>
                <rect x="84" y="70" width="42" height="8" fill="{light}"/>
                """,
        };
        return new HtmlString(
            $"""<svg viewBox="0 0 200 200" aria-hidden="true" focusable="false" class="art"><rect width="200" """
                + $"""height="200" fill="{light}"/>{shape}</svg>"""
        );
    }
}
