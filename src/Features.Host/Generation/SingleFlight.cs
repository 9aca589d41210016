using System.Collections.Concurrent;

namespace Features.Host.Generation;

/// <summary>
/// In-process single-flight: concurrent calls with one key share one computation, and the key is free again as
/// soon as that computation ends (a later call computes anew; a failure reaches every waiter, then frees the key).
/// The computation belongs to the flight, not to a caller: a caller that gives up (its token cancelled) stops
/// waiting, while the computation runs on for the others, with the state it was started with (a bar snapshot),
/// which it disposes when it ends.
/// </summary>
/// <remarks>
/// This dedups within one process only. Across hosts sharing a database the unique (feature_id, version_hash)
/// constraint on <c>feature_datasets</c> decides: two hosts may both compute, both objects are byte-identical
/// under the same key, the first insert wins, and the loser adopts the winner's row (<see cref="DatasetRecorder"/>).
/// So this class saves work; it is never what makes the result correct.
/// </remarks>
public sealed class SingleFlight<TKey, TResult> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TResult>>> _flights = new();

    /// <summary>Keys being computed now.</summary>
    public int Count => _flights.Count;

    /// <summary>Joins the flight of <paramref name="key"/>, or starts one with <paramref name="compute"/>.</summary>
    public Task<TResult> RunAsync(TKey key, Func<Task<TResult>> compute, CancellationToken ct) =>
        RunAsync(key, NoState.Instance, _ => compute(), ct);

    /// <summary>
    /// Joins the flight of <paramref name="key"/>, or starts one with <paramref name="compute"/> over
    /// <paramref name="state"/>. Either way the state is disposed exactly once: at once when another flight
    /// is joined, else when the computation ends (however the callers fare).
    /// </summary>
    public async Task<TResult> RunAsync<TState>(TKey key, TState state, Func<TState, Task<TResult>> compute, CancellationToken ct)
        where TState : IAsyncDisposable
    {
        Lazy<Task<TResult>>? mine = null;
        mine = new Lazy<Task<TResult>>(() => OwnAsync(key, mine!, state, compute));
        var flight = _flights.GetOrAdd(key, mine);
        if (!ReferenceEquals(flight, mine)) await state.DisposeAsync();
        return await flight.Value.WaitAsync(ct);
    }

    private async Task<TResult> OwnAsync<TState>(TKey key, Lazy<Task<TResult>> mine, TState state, Func<TState, Task<TResult>> compute)
        where TState : IAsyncDisposable
    {
        try
        {
            return await compute(state);
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<TKey, Lazy<Task<TResult>>>(key, mine));
            await state.DisposeAsync();
        }
    }

    private sealed class NoState : IAsyncDisposable
    {
        public static readonly NoState Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
