using Affiliate.Samples.WebShop.Data;

namespace Affiliate.Samples.WebShop.Demo;

/// <summary>The demo shop's twelve products: coffee, tea, the tools to brew them, and two books.</summary>
public static class DemoCatalog
{
    /// <summary>The products, in catalogue order.</summary>
    public static IReadOnlyList<Product> Products()
    {
        var position = 0;
        return
        [
            Make(
                "yirgacheffe-250",
                "Ethiopia Yirgacheffe, 250 g",
                "coffee",
                1490,
                28,
                "bag",
                "Washed heirloom beans, light roast.",
                "Jasmine, bergamot and lemon zest. Roasted light on Mondays and shipped the same week, whole bean."
            ),
            Make(
                "huila-1kg",
                "Colombia Huila, 1 kg",
                "coffee",
                3900,
                18,
                "bag",
                "A round everyday coffee in the big bag.",
                "Milk chocolate, red apple and caramel. Medium roast that forgives any brewer, from filter to moka."
            ),
            Make(
                "espresso-blend-500",
                "House espresso blend, 500 g",
                "coffee",
                1850,
                8,
                "beans",
                "Brazil and India, roasted for milk.",
                "Dark cocoa and hazelnut with a thick crema. Rest it a week after roasting for the sweetest shots."
            ),
            Make(
                "sencha-100",
                "Japanese sencha, 100 g",
                "tea",
                990,
                100,
                "leaf",
                "Steamed green tea from Shizuoka.",
                "Grassy, sweet and a little marine. Brew at 70 °C for one minute; the leaves give three infusions."
            ),
            Make(
                "earl-grey-100",
                "Earl Grey loose leaf, 100 g",
                "tea",
                850,
                260,
                "leaf",
                "Ceylon black tea with real bergamot oil.",
                "A bright, citrusy classic with cornflower petals. Good with milk, better without."
            ),
            Make(
                "gooseneck-kettle",
                "Gooseneck pour-over kettle",
                "kitchen",
                5900,
                200,
                "kettle",
                "0.9 l, stainless steel, fits every hob.",
                "A slow, steady pour for even extraction, with a thermometer in the lid and a stay-cool handle."
            ),
            Make(
                "burr-grinder",
                "Hand grinder with conical burrs",
                "kitchen",
                8900,
                220,
                "grinder",
                "Steel burrs, 30 settings, 25 g hopper.",
                "Grinds evenly from espresso to French press. Takes apart without tools for cleaning."
            ),
            Make(
                "glass-dripper",
                "Glass pour-over dripper",
                "kitchen",
                2400,
                190,
                "dripper",
                "Borosilicate glass, for size 02 filters.",
                "Spiral ribs and one large hole: the pour decides the flow. Comes with 40 paper filters."
            ),
            Make(
                "stoneware-mugs",
                "Stoneware mugs, set of two",
                "home",
                2900,
                14,
                "mug",
                "Hand-glazed, 300 ml each.",
                "Thrown in a small Portuguese workshop; every glaze is a little different. Dishwasher safe."
            ),
            Make(
                "linen-towels",
                "Linen tea towels, set of three",
                "home",
                1600,
                150,
                "towel",
                "Stonewashed European linen.",
                "Absorbent from the first wash and softer with every one after. Natural, sage and rust."
            ),
            Make(
                "brewing-at-home",
                "Brewing at Home (book)",
                "books",
                2700,
                340,
                "book",
                "The craft of coffee, one brewer at a time.",
                "Recipes and ratios for twelve brewers, how to taste, and how to dial in a grinder, in 240 pages."
            ),
            Make(
                "tea-field-guide",
                "Tea: A Field Guide (book)",
                "books",
                2200,
                120,
                "book",
                "From garden to cup, with 80 teas.",
                "Where tea grows, how it is made and how to brew each style, with maps and tasting notes."
            ),
        ];

        Product Make(
            string slug,
            string name,
            string category,
            long cents,
            int hue,
            string motif,
            string summary,
            string description
        ) =>
            new()
            {
                Id = "KB-" + (++position).ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                Slug = slug,
                Name = name,
                Category = category,
                PriceCents = cents,
                Hue = hue,
                Motif = motif,
                Summary = summary,
                Description = description,
                Position = position,
            };
    }
}
