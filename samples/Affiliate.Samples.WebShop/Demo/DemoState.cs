namespace Affiliate.Samples.WebShop.Demo;

/// <summary>What the start-up found: whether the first-run seed has still to run. Singleton.</summary>
public sealed class DemoState
{
    /// <summary>True until the first-run seed has completed.</summary>
    public bool NeedsSeed { get; set; }
}
