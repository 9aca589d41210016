using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Features.Host.Jobs;

/// <summary>
/// <c>jobs submit --feature-set alpha-14 --symbols all --timeframe 1d --from 2007-01-01 --to 2021-01-01 --wait</c> |
/// <c>jobs status ID</c> | <c>jobs list</c>: a client of a running host's HTTP API (<c>--url</c>, default
/// <c>FEATURES_URL</c> or http://localhost:5000; <c>--api-key</c>, default <c>FEATURES_API_KEY</c>).
/// <c>--wait</c> follows the job's events, drawing a progress bar on a terminal, and prints the summary.
/// Exit code: 0 succeeded (or submitted without --wait), 1 the job did not succeed, 2 usage, 3 the host refused or is unreachable.
/// </summary>
public static class JobsCommand
{
    private const string Usage = """
        usage: jobs submit (--feature-set NAME|ID | --features ID,ID,...) --symbols all|A,B,...|prefix:S0
                           --from DATE --to DATE [--timeframe 1d] [--regenerate] [--wait]
               jobs status ID
               jobs list
        options: --url URL (default $FEATURES_URL or http://localhost:5000), --api-key KEY (default $FEATURES_API_KEY)
        """;

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "jobs";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool terminal, CancellationToken ct)
    {
        string? Option(string name)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        var url = Option("url") ?? Environment.GetEnvironmentVariable("FEATURES_URL") ?? "http://localhost:5000";
        using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        if ((Option("api-key") ?? Environment.GetEnvironmentVariable("FEATURES_API_KEY")) is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        var client = new Client(http);
        try
        {
            switch (args.Length > 1 ? args[1] : "")
            {
                case "submit":
                    var job = await SubmitAsync(client, Option, args.Contains("--regenerate"), ct);
                    if (job is null)
                    {
                        error.WriteLine(Usage);
                        return 2;
                    }
                    output.WriteLine($"job {job["id"]} queued: {job["total_items"]} items");
                    if (!args.Contains("--wait")) return 0;
                    var finished = await FollowAsync(client, job["id"]!.GetValue<string>(), output, terminal, ct);
                    await PrintSummaryAsync(client, finished, output, ct);
                    return finished["status"]!.GetValue<string>() == JobStatus.Succeeded ? 0 : 1;
                case "status" when args.Length > 2 && Guid.TryParse(args[2], out var id):
                    var read = await client.GetAsync($"api/v1/jobs/{id}", ct);
                    await PrintSummaryAsync(client, read, output, ct);
                    return 0;
                case "list":
                    output.WriteLine($"{"id",-36}  {"status",-21}  {"done",13}  {"created (UTC)",-19}  universe");
                    foreach (var j in (await client.GetAsync("api/v1/jobs", ct)).AsArray())
                    {
                        var done = $"{j!["done"]}/{j["total_items"]}";
                        output.WriteLine($"{j["id"],-36}  {j["status"],-21}  {done,13}  {j["created_at"]!.GetValue<DateTime>():yyyy-MM-dd HH:mm:ss}  {j["request"]?["universe"]}");
                    }
                    return 0;
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"{url}: {e.Message}");
            return 3;
        }
        catch (RefusedException e)
        {
            error.WriteLine(e.Message);
            return 3;
        }
    }

    private static async Task<JsonNode?> SubmitAsync(Client client, Func<string, string?> option, bool regenerate, CancellationToken ct)
    {
        var (set, features, symbols, from, to) = (option("feature-set"), option("features"), option("symbols"), option("from"), option("to"));
        if ((set is null) == (features is null) || symbols is null || from is null || to is null) return null;
        var body = new JsonObject
        {
            ["timeframe"] = option("timeframe") ?? "1d",
            ["start_date"] = from,
            ["end_date"] = to,
            ["regenerate"] = regenerate,
            ["symbols"] = symbols == "all" ? new JsonObject { ["all"] = true }
                : symbols.StartsWith("prefix:", StringComparison.Ordinal) ? new JsonObject { ["prefix"] = symbols["prefix:".Length..] }
                : new JsonArray([.. symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (JsonNode)s)]),
        };
        if (features is not null)
        {
            body["feature_ids"] = new JsonArray([.. features.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (JsonNode)s)]);
        }
        else if (Guid.TryParse(set, out _))
        {
            body["feature_set_id"] = set;
        }
        else
        {
            var found = (await client.GetAsync($"api/v1/feature-sets?name={Uri.EscapeDataString(set!)}", ct)).AsArray();
            if (found.Count == 0) throw new RefusedException($"no feature set named '{set}'; list them with GET /api/v1/feature-sets");
            body["feature_set_id"] = found[0]!["id"]!.GetValue<string>();
        }
        return await client.PostAsync("api/v1/jobs", body, ct);
    }

    /// <summary>Reads the job's server-sent events to the end; returns the final state.</summary>
    private static async Task<JsonNode> FollowAsync(Client client, string id, TextWriter output, bool terminal, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        JsonNode? last = null;
        var lastDecile = -1;
        using var response = await client.Http.GetAsync($"api/v1/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        await Client.EnsureAsync(response, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            last = JsonNode.Parse(line["data: ".Length..])!;
            var (done, total) = (last["done"]!.GetValue<int>() + last["cancelled"]!.GetValue<int>(), Math.Max(1, last["total_items"]!.GetValue<int>()));
            if (terminal)
            {
                output.Write("\r" + ProgressBar(last, done, total, watch.Elapsed));
            }
            else if (done * 10 / total is var decile && decile != lastDecile)
            {
                output.WriteLine(ProgressBar(last, done, total, watch.Elapsed));
                lastDecile = decile;
            }
        }
        if (terminal) output.WriteLine();
        // The stream ends with the final event; a dropped connection ends it early, so read the job as it is.
        return last is not null && JobStatus.IsFinished(last["status"]!.GetValue<string>()) ? last : await client.GetAsync($"api/v1/jobs/{id}", ct);
    }

    internal static string ProgressBar(JsonNode job, int done, int total, TimeSpan elapsed)
    {
        const int width = 30;
        var filled = (int)Math.Round(width * (double)done / total);
        var rate = job["items_per_second"]?.GetValue<double>();
        var eta = job["eta_seconds"]?.GetValue<double>();
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} items  {rate?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} items/s  " +
            $"ETA {(eta is { } e ? TimeSpan.FromSeconds(Math.Ceiling(e)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "-")}  elapsed {elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)}  {job["status"]}");
    }

    private static async Task PrintSummaryAsync(Client client, JsonNode job, TextWriter output, CancellationToken ct)
    {
        var started = job["started_at"]?.GetValue<DateTime>();
        var finished = job["finished_at"]?.GetValue<DateTime>();
        output.WriteLine($"job       {job["id"]}");
        output.WriteLine($"status    {job["status"]}");
        output.WriteLine($"items     {job["total_items"]} total: {job["computed"]} computed, {job["cached"]} cached, {job["failed"]} failed, {job["cancelled"]} cancelled, {job["remaining"]} remaining");
        output.WriteLine($"rate      {job["items_per_second"]?.ToString() ?? "-"} items/s");
        if (started is { } s) output.WriteLine($"time      {((finished ?? DateTime.UtcNow) - s).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s{(finished is null ? " so far" : "")}");
        if (job["failed"]!.GetValue<int>() == 0) return;
        var failed = (await client.GetAsync($"api/v1/jobs/{job["id"]}/items?status=failed&limit=5", ct)).AsArray();
        output.WriteLine("failed (first 5; all with GET /api/v1/jobs/{id}/items?status=failed):");
        foreach (var item in failed) output.WriteLine($"  {item!["symbol"]} {item["feature_id"]}: {item["error"]?["detail"]}");
    }

    private sealed class RefusedException(string message) : Exception(message);

    /// <summary>JSON over HTTP; a problem response becomes its detail.</summary>
    private sealed class Client(HttpClient http)
    {
        public HttpClient Http => http;

        public async Task<JsonNode> GetAsync(string path, CancellationToken ct)
        {
            using var response = await http.GetAsync(path, ct);
            return await ReadAsync(response, ct);
        }

        public async Task<JsonNode> PostAsync(string path, JsonNode body, CancellationToken ct)
        {
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(path, content, ct);
            return await ReadAsync(response, ct);
        }

        private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken ct)
        {
            await EnsureAsync(response, ct);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        }

        public static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
        {
            if (response.IsSuccessStatusCode) return;
            var text = await response.Content.ReadAsStringAsync(ct);
            string? detail = null;
            try
            {
                detail = JsonNode.Parse(text)?["detail"]?.GetValue<string>();
            }
            catch (JsonException)
            {
            }
            throw new RefusedException($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail ?? text}");
        }
    }
}
