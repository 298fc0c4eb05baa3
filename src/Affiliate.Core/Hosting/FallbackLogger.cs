using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate;

/// <summary>
/// The <see cref="ILogger{TCategoryName}"/> registered when the host registered none: it writes to the host's
/// <see cref="ILoggerFactory"/> when there is one (as the framework's own <see cref="Logger{T}"/> does), and nowhere
/// otherwise, so <c>AddAffiliates</c> works in a bare <c>ServiceCollection</c>.
/// </summary>
internal sealed class FallbackLogger<T>(ILoggerFactory? factory = null) : ILogger<T>
{
    private readonly ILogger _inner = factory is null ? NullLogger.Instance : new Logger<T>(factory);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter
    ) => _inner.Log(logLevel, eventId, state, exception, formatter);
}
