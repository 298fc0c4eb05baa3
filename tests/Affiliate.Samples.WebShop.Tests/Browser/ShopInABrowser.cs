using Affiliate.Samples.WebShop.Tests.Infrastructure;

namespace Affiliate.Samples.WebShop.Tests.Browser;

/// <summary>
/// The shop, the partner portal and the admin in a real browser: one class over several files (the stories, the
/// pages' looks, JavaScript off) so that <see cref="BrowserStoryOrder"/> orders all of them: xunit orders the test
/// cases of a class, not the classes of a collection.
/// </summary>
[Collection(BrowserCollection.Name)]
[TestCaseOrderer(BrowserStoryOrder.TypeName, BrowserStoryOrder.AssemblyName)]
public sealed partial class ShopInABrowser(BrowserShop site)
{
    /// <summary>The shop on Kestrel and the browser.</summary>
    private BrowserShop Site { get; } = site;
}
