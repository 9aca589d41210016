using System.Diagnostics;
using System.Net;

namespace Features.Universe;

/// <summary>What one request gave: its status and, when it failed, the start of the body.</summary>
public readonly record struct Outcome(HttpStatusCode Status, string? Error, bool Cached = false);

/// <summary>What a run of requests did.</summary>
public sealed record PoolResult(int Items, TimeSpan Wall, int Errors, int Cached, string? FirstError)
{
    public double PerSecond => Items / Wall.TotalSeconds;
}

/// <summary>
/// <c>clients</c> concurrent callers working through a list in order, as a user's script with a thread pool would:
/// each takes the next item when its previous request has answered. One HTTP connection per caller.
/// </summary>
public static class ClientPool
{
    public static HttpClient Client(Uri baseAddress, int clients) => new(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(10),
    };

    public static async Task<PoolResult> RunAsync<T>(IReadOnlyList<T> items, int clients, Func<T, Task<Outcome>> send)
    {
        var next = -1;
        var errors = 0;
        var cached = 0;
        string? firstError = null;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count)
            {
                Outcome outcome;
                try
                {
                    outcome = await send(items[i]);
                }
                catch (HttpRequestException e)
                {
                    outcome = new Outcome(0, e.Message);
                }
                if (outcome.Cached) Interlocked.Increment(ref cached);
                if (outcome.Error is null) continue;
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, $"{items[i]}: {(int)outcome.Status} {outcome.Error}", null);
            }
        })));
        return new PoolResult(items.Count, wall.Elapsed, errors, cached, firstError);
    }

    public static async Task<Outcome> OutcomeOfAsync(HttpResponseMessage response, Func<string, bool>? cached = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? new Outcome(response.StatusCode, null, cached?.Invoke(body) ?? false)
            : new Outcome(response.StatusCode, body.Length > 300 ? body[..300] : body);
    }
}
