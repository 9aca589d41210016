using System.Net;
using Features.Host.Storage.Objects;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Security;

/// <summary>Symbols, timeframes and storage prefixes become object keys and file names: hostile ones are 422 everywhere and touch nothing.</summary>
public sealed class PathInjectionTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static readonly string[] BadValues = ["../../x", "a/b", "a\0b", new string('A', 300), "..", "a\\b"];

    private static List<string> Files(string root) =>
        Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.Contains("features.db", StringComparison.Ordinal)).Order()] : [];

    private static async Task<List<string>> ObjectsAsync(FeaturesApp app)
    {
        var keys = new List<string>();
        await foreach (var o in app.Services.GetRequiredService<IObjectStore>().ListAsync("", CancellationToken.None)) keys.Add(o.Key);
        return [.. keys.Order()];
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Dot_dot_slash_NUL_and_overlong_values_are_422_on_every_endpoint_and_nothing_is_written(string backend)
    {
        using var app = FeaturesApp.Start(backend);
        var client = app.CreateClient();
        await client.IngestAsync("GOOD", "1d", Csv.From(ReferenceData.Quotes("default.csv").Take(40)));
        var id = (await client.CreateFeatureAsync("technical.sma", new { period = 3 }))["id"]!.GetValue<string>();
        var parent = Path.GetDirectoryName(app.Home)!;
        var filesBefore = Files(app.Home);
        var objectsBefore = await ObjectsAsync(app);
        string? root = app.Services.GetRequiredService<IObjectStore>().UriFor("");

        var failures = new List<string>();
        async Task Expect(string what, Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body)> call, string field)
        {
            var (status, problem) = await call;
            if (status != HttpStatusCode.UnprocessableEntity || !problem.ErrorFields().Contains(field)) failures.Add($"{what}: {(int)status} {problem?.ToJsonString()}");
        }

        var csv = Csv.From(ReferenceData.Quotes("default.csv").Take(5));
        foreach (var bad in BadValues)
        {
            var shown = bad.Replace("\0", "\\0");
            // A NUL in the URL path never reaches the application: Kestrel answers a bare 400 (and the in-process test server refuses to send it).
            if (bad == "..")
            {
                // HTTP clients resolve a ".." segment before sending, so the server sees another path: any 4xx, nothing stored.
                ((int)(await client.IngestRawAsync(bad, "1d", csv)).Status).ShouldBeInRange(400, 499);
                ((int)(await client.IngestRawAsync("GOOD", bad, csv)).Status).ShouldBeInRange(400, 499);
            }
            else if (!bad.Contains('\0'))
            {
                await Expect($"ingest symbol {shown}", client.IngestRawAsync(bad, "1d", csv), "symbol");
                await Expect($"ingest timeframe {shown}", client.IngestRawAsync("GOOD", bad, csv), "timeframe");
            }
            foreach (var action in new[] { "generate", "regenerate" })
            {
                await Expect($"{action} symbol {shown}", client.PostJsonAsync($"/api/v1/features/{id}/{action}", new { symbol = bad, start_date = "2017-01-01", end_date = "2017-02-01" }), "symbol");
                await Expect($"{action} timeframe {shown}", client.PostJsonAsync($"/api/v1/features/{id}/{action}", new { symbol = "GOOD", timeframe = bad, start_date = "2017-01-01", end_date = "2017-02-01" }), "timeframe");
            }
            await Expect($"versions symbol {shown}", client.GetJsonAsync($"/api/v1/features/{id}/versions?symbol={Uri.EscapeDataString(bad)}"), "symbol");
            await Expect($"versions timeframe {shown}", client.GetJsonAsync($"/api/v1/features/{id}/versions?symbol=GOOD&timeframe={Uri.EscapeDataString(bad)}"), "timeframe");
            await Expect($"create storage_prefix {shown}", client.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma", storage_prefix = bad + "/../.." }), "storage_prefix");
            if (bad != "a/b") await Expect($"create storage_prefix {shown}", client.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma", storage_prefix = bad }), "storage_prefix");
            if (root is not null && bad != "a/b")
            {
                await Expect($"update storage_uri {shown}", client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { storage_uri = root + bad }), "storage_uri");
            }
            await Expect($"update storage_uri outside {shown}", client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { storage_uri = "file:///tmp/" + bad }), "storage_uri");
        }
        failures.ShouldBeEmpty();

        Files(app.Home).ShouldBe(filesBefore, "no file written in the host's home");
        (await ObjectsAsync(app)).ShouldBe(objectsBefore, "no object written");
        File.Exists(Path.Combine(parent, "x")).ShouldBeFalse();
        File.Exists(Path.Combine(app.Home, "x")).ShouldBeFalse();
        var (_, feature) = await client.GetJsonAsync($"/api/v1/features/{id}");
        feature!["version"]!.GetValue<int>().ShouldBe(1, "no update went through");
    }
}
