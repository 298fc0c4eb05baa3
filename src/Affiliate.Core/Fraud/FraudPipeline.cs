namespace Affiliate;

/// <summary>
/// Runs the fraud rules on a click or a conversion: the built-in rules enabled in <see cref="FraudOptions"/> first, in
/// a fixed order, then the host's rules in the order given. Every rule runs (a reject does not stop the others), so
/// the assessment lists all that was found. A rule that throws becomes a hold with code
/// <see cref="FraudCodes.RuleFailed"/> so that recording never fails because of a rule, and a person looks at it.
/// </summary>
/// <remarks>
/// Built-in click rules: bot user agent, IP velocity, visitor velocity, blocked country, blocked referrer, blocked IP
/// range. Built-in conversion rules: bot user agent, self-referral, click to conversion, duplicate order, conversion
/// rate anomaly, refund rate, cookie stuffing. The pipeline copies the options when it is built and holds no other
/// state; it is safe to use from many threads if the host rules are.
/// </remarks>
/// <example><code>
/// var pipeline = new FraudPipeline(options.Fraud, hostClickRules, hostConversionRules);
/// var assessment = await pipeline.AssessClickAsync(new ClickFraudContext { Click = click, ... }, ct);
/// var recorded = click with { Attributable = assessment.Action != FraudAction.Reject, FraudCodes = assessment.Codes };
/// </code></example>
public sealed class FraudPipeline
{
    private readonly IClickFraudRule[] _clickRules;
    private readonly IConversionFraudRule[] _conversionRules;

    /// <summary>Builds the pipeline from the options and the host's own rules.</summary>
    /// <param name="options">The built-in rules' settings; validated here.</param>
    /// <param name="clickRules">Host click rules, run after the built-in ones; none when null.</param>
    /// <param name="conversionRules">Host conversion rules, run after the built-in ones; none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or a host rule is null.</exception>
    /// <exception cref="ArgumentException">The options are not valid; the message lists every problem (see <see
    /// cref="FraudOptions.Validate"/>).</exception>
    public FraudPipeline(
        FraudOptions options,
        IEnumerable<IClickFraudRule>? clickRules = null,
        IEnumerable<IConversionFraudRule>? conversionRules = null
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "The fraud options are not valid:"
                    + Environment.NewLine
                    + string.Join(Environment.NewLine, problems.Select(p => "- " + p)),
                nameof(options)
            );
        }

        _clickRules = [.. BuiltInClickRules(options), .. NotNull(clickRules, nameof(clickRules))];
        _conversionRules = [.. BuiltInConversionRules(options), .. NotNull(conversionRules, nameof(conversionRules))];
    }

    /// <summary>Runs every click rule on the click.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<FraudAssessment> AssessClickAsync(
        ClickFraudContext context,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        return AssessAsync(_clickRules, context, static (rule, c, ct) => rule.EvaluateAsync(c, ct), cancellationToken);
    }

    /// <summary>Runs every conversion rule on the conversion.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<FraudAssessment> AssessConversionAsync(
        ConversionFraudContext context,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        return AssessAsync(
            _conversionRules,
            context,
            static (rule, c, ct) => rule.EvaluateAsync(c, ct),
            cancellationToken
        );
    }

    private static async ValueTask<FraudAssessment> AssessAsync<TRule, TContext>(
        TRule[] rules,
        TContext context,
        Func<TRule, TContext, CancellationToken, ValueTask<FraudVerdict>> evaluate,
        CancellationToken cancellationToken
    )
        where TRule : class
    {
        List<FraudVerdict>? flagged = null;
        foreach (var rule in rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FraudVerdict? verdict;
            try
            {
                verdict = await evaluate(rule, context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
                when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A broken rule must not lose the click or conversion; hold it so that a person looks. A rule's own
                // timeout (an OperationCanceledException while the caller's token is not cancelled) counts as broken.
                verdict = FraudVerdict.Hold(
                    FraudCodes.RuleFailed,
                    $"Rule {rule.GetType().Name} failed: {exception.Message}"
                );
            }

            verdict ??= FraudVerdict.Hold(FraudCodes.RuleFailed, $"Rule {rule.GetType().Name} returned no verdict.");
            if (!verdict.IsAllow)
            {
                (flagged ??= []).Add(verdict);
            }
        }

        return flagged is null ? FraudAssessment.Allowed : new FraudAssessment(flagged);
    }

    private static IEnumerable<IClickFraudRule> BuiltInClickRules(FraudOptions options)
    {
        if (options.BotUserAgents.Enabled)
        {
            yield return new BotUserAgentRule(options.BotUserAgents);
        }

        if (options.IpVelocity.Enabled)
        {
            yield return ClickVelocityRule.PerIpAddress(options.IpVelocity);
        }

        if (options.VisitorVelocity.Enabled)
        {
            yield return ClickVelocityRule.PerVisitor(options.VisitorVelocity);
        }

        if (options.BlockedCountries.Enabled && options.BlockedCountries.Countries.Count > 0)
        {
            yield return new BlockedCountryRule(options.BlockedCountries);
        }

        if (options.BlockedReferrers.Enabled && options.BlockedReferrers.Hosts.Count > 0)
        {
            yield return new BlockedReferrerRule(options.BlockedReferrers);
        }

        if (options.BlockedIpRanges.Enabled && options.BlockedIpRanges.Ranges.Count > 0)
        {
            yield return new BlockedIpRangeRule(options.BlockedIpRanges);
        }
    }

    private static IEnumerable<IConversionFraudRule> BuiltInConversionRules(FraudOptions options)
    {
        if (options.BotUserAgents.Enabled)
        {
            yield return new BotUserAgentRule(options.BotUserAgents);
        }

        if (options.BlockedCountries.Enabled && options.BlockedCountries.Countries.Count > 0)
        {
            yield return new BlockedCountryRule(options.BlockedCountries);
        }

        if (options.SelfReferral.Enabled)
        {
            yield return new SelfReferralRule(options.SelfReferral);
        }

        if (options.ClickToConversion.Enabled)
        {
            yield return new ClickToConversionRule(options.ClickToConversion);
        }

        if (options.DuplicateOrders.Enabled)
        {
            yield return new DuplicateOrderRule(options.DuplicateOrders);
        }

        if (options.ConversionRateAnomaly.Enabled)
        {
            yield return new ConversionRateAnomalyRule(options.ConversionRateAnomaly, options.PartnerActivityWindow);
        }

        if (options.RefundRate.Enabled)
        {
            yield return new RefundRateRule(options.RefundRate, options.PartnerActivityWindow);
        }

        if (options.CookieStuffing.Enabled)
        {
            yield return new CookieStuffingRule(options.CookieStuffing);
        }
    }

    private static T[] NotNull<T>(IEnumerable<T>? rules, string name)
        where T : class
    {
        var array = rules?.ToArray() ?? [];
        if (Array.IndexOf(array, null) >= 0)
        {
            throw new ArgumentNullException(name, "A host fraud rule is null; register rule instances only.");
        }

        return array;
    }
}
