namespace Affiliate;

/// <summary>
/// How <see cref="OutboxDispatcher"/> retries an event whose handler failed: after <see cref="FirstRetryDelay"/>, then
/// twice as long after each further failure up to <see cref="MaxRetryDelay"/>, until <see cref="MaxAttempts"/>
/// attempts have failed; the event is then marked failed, listed by <see cref="OutboxDispatcher.FailedAsync"/>, and
/// waits for <see cref="OutboxDispatcher.RetryFailedAsync"/>.
/// </summary>
/// <example><code>
/// services.AddAffiliates(o =>
/// {
///     o.Outbox.MaxAttempts = 8;                       // 30 s, 1, 2, 4, 8, 16, 32 min between attempts
///     o.Outbox.FirstRetryDelay = Duration.FromSeconds(30);
/// });
/// </code></example>
public sealed class OutboxOptions
{
    /// <summary>How many attempts an event gets before it is marked failed (the first delivery counts). Default
    /// 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; each further failure doubles it. Default 30 seconds.</summary>
    public Duration FirstRetryDelay { get; set; } = Duration.FromSeconds(30);

    /// <summary>The longest wait between two attempts. Default 1 hour.</summary>
    public Duration MaxRetryDelay { get; set; } = Duration.FromHours(1);

    /// <summary>How many characters of a handler's error are kept with the event. Default 2000.</summary>
    public int MaxErrorLength { get; set; } = 2000;

    /// <summary>
    /// The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones (1 or
    /// more): <see cref="FirstRetryDelay"/> times 2^(attempts - 1), at most <see cref="MaxRetryDelay"/>.
    /// </summary>
    public Duration RetryDelay(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);

        // Doubling past 2^30 overflows long before any sane MaxRetryDelay; stop doubling at the cap.
        var delay = FirstRetryDelay;
        for (var i = 1; i < attempts && delay < MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <summary>Every problem with these options, each saying what to change; empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxAttempts < 1)
        {
            yield return $"AffiliateOptions.Outbox.MaxAttempts is {MaxAttempts}; set it to 1 or more (10 by default).";
        }

        if (FirstRetryDelay <= Duration.Zero)
        {
            yield return "AffiliateOptions.Outbox.FirstRetryDelay must be positive, e.g. Duration.FromSeconds(30).";
        }

        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return "AffiliateOptions.Outbox.MaxRetryDelay must be at least FirstRetryDelay, "
                + "e.g. Duration.FromHours(1).";
        }

        if (MaxErrorLength < 1)
        {
            yield return $"AffiliateOptions.Outbox.MaxErrorLength is {MaxErrorLength}; "
                + "set it to 1 or more (2000 by default).";
        }
    }
}
