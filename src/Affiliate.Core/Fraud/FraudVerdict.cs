namespace Affiliate;

/// <summary>
/// One rule's answer: what should happen, a stable code for filters and reports (see <see cref="FraudCodes"/>), and a
/// reason a program manager can read, naming the numbers the rule looked at.
/// </summary>
/// <param name="Action">Allow, hold for review, or reject.</param>
/// <param name="Code">A stable, machine-readable code such as <c>click_velocity_ip</c>.</param>
/// <param name="Reason">Why, in words, e.g. "More than 20 clicks from this IP address in the last 1 hour, the
/// limit."</param>
/// <example><code>
/// return FraudVerdict.Hold("gift_card_order", "Orders paid only with gift cards are reviewed by hand.");
/// </code></example>
public sealed record FraudVerdict(FraudAction Action, string Code, string Reason)
{
    /// <summary>The code of <see cref="Allow"/>.</summary>
    public const string AllowCode = "allow";

    /// <summary>Allow, hold for review, or reject.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="FraudAction"/>.</exception>
    public FraudAction Action
    {
        get;
        init => field = Defined(value, nameof(Action));
    } = Defined(Action, nameof(Action));

    /// <summary>A stable, machine-readable code such as <c>click_velocity_ip</c>.</summary>
    /// <exception cref="ArgumentException">The code is null, empty or white space.</exception>
    public string Code
    {
        get;
        init => field = NotBlank(value, nameof(Code));
    } = NotBlank(Code, nameof(Code));

    /// <summary>Why, in words a program manager can act on.</summary>
    /// <exception cref="ArgumentNullException">The reason is null.</exception>
    public string Reason
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(Reason));
    } = Reason ?? throw new ArgumentNullException(nameof(Reason));

    /// <summary>The verdict of a rule that found nothing wrong (code <c>allow</c>).</summary>
    public static FraudVerdict Allow { get; } = new(FraudAction.Allow, AllowCode, "No rule objected.");

    /// <summary>True when the verdict lets the click or conversion through.</summary>
    public bool IsAllow => Action == FraudAction.Allow;

    /// <summary>
    /// The verdict in the library's one error shape: its code and reason (category Forbidden for built-in rules).
    /// </summary>
    public AffiliateError ToError() => new(Code, Reason);

    /// <summary>A verdict that holds the conversion for review.</summary>
    public static FraudVerdict Hold(string code, string reason) => new(FraudAction.Hold, code, reason);

    /// <summary>A verdict that rejects the click or conversion.</summary>
    public static FraudVerdict Reject(string code, string reason) => new(FraudAction.Reject, code, reason);

    private static FraudAction Defined(FraudAction action, string paramName) =>
        Enum.IsDefined(action)
            ? action
            : throw new ArgumentOutOfRangeException(paramName, action, "Use FraudAction.Allow, Hold or Reject.");

    private static string NotBlank(string code, string paramName) =>
        string.IsNullOrWhiteSpace(code)
            ? throw new ArgumentException("A fraud verdict needs a code, such as 'click_velocity_ip'.", paramName)
            : code;
}
