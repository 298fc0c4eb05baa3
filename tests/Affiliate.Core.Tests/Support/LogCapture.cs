using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Affiliate.Tests.Support;

/// <summary>A logger provider that hands every entry to a channel, for tests that wait for or look for a log.</summary>
public sealed class LogCapture : ILoggerProvider
{
    /// <summary>Every entry logged, in order.</summary>
    public Channel<LogEntry> Entries { get; } = Channel.CreateUnbounded<LogEntry>();

    /// <summary>The entries logged so far and not read yet.</summary>
    public IReadOnlyList<LogEntry> Drain()
    {
        var entries = new List<LogEntry>();
        while (Entries.Reader.TryRead(out var entry))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) =>
            owner.Entries.Writer.TryWrite(
                new LogEntry(
                    category,
                    eventId.Id,
                    formatter(state, exception),
                    state as IReadOnlyList<KeyValuePair<string, object?>> ?? []
                )
            );
    }
}

/// <summary>One log entry: its category, event id, message and structured values.</summary>
public sealed record LogEntry(
    string Category,
    int EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> Values
)
{
    /// <summary>A structured value by name, or null.</summary>
    public object? this[string name] => Values.FirstOrDefault(v => v.Key == name).Value;
}
