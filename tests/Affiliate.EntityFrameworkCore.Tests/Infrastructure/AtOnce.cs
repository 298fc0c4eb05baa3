namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// Runs several operations at the same moment: each waits at a gate, so they race instead of queueing.
/// </summary>
internal static class AtOnce
{
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> operation)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable
            .Range(0, count)
            .Select(i =>
                Task.Run(async () =>
                {
                    await gate.Task;
                    return await operation(i);
                })
            )
            .ToArray();
        gate.SetResult();
        return await Task.WhenAll(racers);
    }
}
