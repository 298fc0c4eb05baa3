using System.Collections.Concurrent;
using System.Reflection;

namespace Affiliate.Tests.Scale;

/// <summary>
/// Forwards every call of a store interface to the real store and remembers the method and its arguments.
/// </summary>
public class RecordingProxy<T> : DispatchProxy
    where T : class
{
    private T _target = null!;

    public ConcurrentQueue<(string Method, object?[] Arguments)> Calls { get; } = new();

    internal void Forward(T target) => _target = target;

    public IEnumerable<object?[]> Of(string method) => Calls.Where(c => c.Method == method).Select(c => c.Arguments);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.Enqueue((targetMethod.Name, args ?? []));
        try
        {
            return targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}

/// <summary>Makes recording proxies.</summary>
public static class RecordingProxy
{
    public static (T Proxy, RecordingProxy<T> Recorder) For<T>(T target)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, RecordingProxy<T>>();
        var recorder = (RecordingProxy<T>)(object)proxy;
        recorder.Forward(target);
        return (proxy, recorder);
    }
}
