namespace Affiliate;

/// <summary>What kind of event a conversion is; rules say which kinds they price.</summary>
public enum ConversionKind
{
    /// <summary>A sale, including the first payment of a subscription.</summary>
    Sale = 0,

    /// <summary>A later payment of a subscription (a recurring sale).</summary>
    Renewal = 1,

    /// <summary>A lead (a form filled, a quote requested): cost per lead.</summary>
    Lead = 2,

    /// <summary>A sign-up or account creation: cost per acquisition.</summary>
    Signup = 3,

    /// <summary>A click, for cost-per-click programs.</summary>
    Click = 4,

    /// <summary>A host-defined event, named by <see cref="ConversionFacts.EventName"/>.</summary>
    Custom = 5,
}
