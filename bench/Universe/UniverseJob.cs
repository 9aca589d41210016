using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Features.Universe;

/// <summary>
/// The universe as one job: POST /api/v1/jobs with the features and every symbol, then GET /api/v1/jobs/ID every
/// 100 ms until it has finished. The wall time runs from the submit to the first poll that sees it finished.
/// </summary>
public static class UniverseJob
{
    private static readonly string[] Finished = ["succeeded", "failed", "cancelled", "completed_with_errors"];

    public static async Task<int> RunAsync(SyntheticUniverse universe, Uri url, IReadOnlyList<string> featureIds)
    {
        using var http = ClientPool.Client(url, 1);
        var wall = Stopwatch.StartNew();
        using var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new Dictionary<string, object>
        {
            ["feature_ids"] = featureIds,
            ["symbols"] = new Dictionary<string, string> { ["prefix"] = "S" },
            ["timeframe"] = "1d",
            ["start_date"] = universe.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["end_date"] = universe.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var body = await submitted.Content.ReadAsStringAsync();
        if (!submitted.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"submit: {(int)submitted.StatusCode} {body}");
            return 1;
        }
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        // FEATURES_JOB_TRACE=1: the accepted time and the done count every poll on stderr, to see where a run's wall time goes.
        var trace = Environment.GetEnvironmentVariable("FEATURES_JOB_TRACE") == "1";
        if (trace) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trace accepted at {wall.Elapsed.TotalSeconds:F2} s"));
        JsonNode job;
        while (true)
        {
            job = (await http.GetFromJsonAsync<JsonNode>($"/api/v1/jobs/{id}"))!;
            if (trace) Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trace {wall.Elapsed.TotalSeconds:F2} s done={job["done"]} status={job["status"]}"));
            if (Finished.Contains(job["status"]!.GetValue<string>())) break;
            await Task.Delay(100);
        }
        var seconds = wall.Elapsed.TotalSeconds;
        int Count(string name) => job[name]?.GetValue<int>() ?? 0;
        var items = Count("total_items");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"job items={items} seconds={seconds:F2} items_per_s={items / seconds:F1} status={job["status"]} computed={Count("computed")} " +
            $"cached={Count("cached")} errors={Count("failed")}"));
        return job["status"]!.GetValue<string>() == "succeeded" ? 0 : 1;
    }
}
