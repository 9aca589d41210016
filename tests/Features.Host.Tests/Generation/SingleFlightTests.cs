using Features.Host.Generation;

namespace Features.Host.Tests.Generation;

/// <summary>The in-process single-flight on its own: one computation per key at a time, owned by the flight, not by a caller.</summary>
public sealed class SingleFlightTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Counts disposals, so a test sees when and how often a flight let go of its state.</summary>
    private sealed class Snapshot : IAsyncDisposable
    {
        private int _disposals;

        public int Disposals => Volatile.Read(ref _disposals);

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref _disposals);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Concurrent_calls_with_one_key_compute_once_and_all_get_its_result()
    {
        var flights = new SingleFlight<string, int>();
        var release = new TaskCompletionSource();
        var computations = 0;
        async Task<int> Compute()
        {
            Interlocked.Increment(ref computations);
            await release.Task;
            return 42;
        }

        // Every caller has joined (from its own thread) before the computation may end.
        var callers = new Task<int>[32];
        Parallel.For(0, callers.Length, i => callers[i] = flights.RunAsync("k", Compute, CancellationToken.None));
        flights.Count.ShouldBe(1);
        release.SetResult();
        var results = await Task.WhenAll(callers).WaitAsync(Patience);

        results.ShouldAllBe(r => r == 42);
        computations.ShouldBe(1);
        flights.Count.ShouldBe(0, "the key is free once the computation ended");
        (await flights.RunAsync("k", () => Task.FromResult(7), CancellationToken.None)).ShouldBe(7, "a later call computes anew");
    }

    [Fact]
    public async Task Different_keys_do_not_wait_for_each_other()
    {
        var flights = new SingleFlight<string, string>();
        var blocked = new TaskCompletionSource<string>();
        var slow = flights.RunAsync("slow", () => blocked.Task, CancellationToken.None);

        (await flights.RunAsync("fast", () => Task.FromResult("fast"), CancellationToken.None).WaitAsync(Patience)).ShouldBe("fast");
        slow.IsCompleted.ShouldBeFalse();
        blocked.SetResult("slow");
        (await slow).ShouldBe("slow");
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_cancel_the_computation_which_keeps_and_then_disposes_its_state()
    {
        var flights = new SingleFlight<string, int>();
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var owned = new Snapshot();
        var computations = 0;
        using var impatient = new CancellationTokenSource();

        var first = flights.RunAsync("k", owned, async s =>
        {
            Interlocked.Increment(ref computations);
            started.SetResult();
            await release.Task;
            s.Disposals.ShouldBe(0, "the state lives as long as the computation");
            return 1;
        }, impatient.Token);
        await started.Task.WaitAsync(Patience);
        var joined = new Snapshot();
        var second = flights.RunAsync("k", joined, _ => Task.FromResult(2), CancellationToken.None);

        joined.Disposals.ShouldBe(1, "a caller that joins another flight lets go of its own state at once");
        impatient.Cancel();
        await Should.ThrowAsync<OperationCanceledException>(() => first);
        owned.Disposals.ShouldBe(0, "the caller gave up, the computation did not");
        second.IsCompleted.ShouldBeFalse();

        release.SetResult();
        (await second.WaitAsync(Patience)).ShouldBe(1, "the remaining waiter gets the first computation's result");
        computations.ShouldBe(1);
        owned.Disposals.ShouldBe(1, "the state is disposed once, when the computation ends");
        flights.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_failure_reaches_every_waiter_and_frees_the_key()
    {
        var flights = new SingleFlight<string, int>();
        var release = new TaskCompletionSource();
        var state = new Snapshot();
        async Task<int> Fail(Snapshot _)
        {
            await release.Task;
            throw new InvalidOperationException("kernel failed");
        }

        var waiters = new[]
        {
            flights.RunAsync("k", state, Fail, CancellationToken.None),
            flights.RunAsync("k", () => Task.FromResult(0), CancellationToken.None),
            flights.RunAsync("k", () => Task.FromResult(0), CancellationToken.None),
        };
        release.SetResult();

        foreach (var waiter in waiters)
        {
            (await Should.ThrowAsync<InvalidOperationException>(() => waiter.WaitAsync(Patience))).Message.ShouldBe("kernel failed");
        }
        state.Disposals.ShouldBe(1);
        flights.Count.ShouldBe(0, "a failed key is free");
        (await flights.RunAsync("k", () => Task.FromResult(3), CancellationToken.None)).ShouldBe(3, "the next call computes again");
    }
}
