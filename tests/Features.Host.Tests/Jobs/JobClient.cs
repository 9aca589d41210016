using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;

namespace Features.Host.Tests.Jobs;

/// <summary>Helpers of the job tests: a feature set, a submitted job, waiting for it to finish.</summary>
public static class JobClient
{
    public static readonly string[] FinishedStatuses = ["succeeded", "failed", "cancelled", "completed_with_errors"];

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static async Task<string> CreateFeatureSetAsync(this HttpClient client, string name, params string[] featureIds)
    {
        var (status, body) = await client.PostJsonAsync("/api/v1/feature-sets", new { name, feature_ids = featureIds });
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!.Id();
    }

    public static async Task<JsonNode> SubmitJobAsync(this HttpClient client, object request)
    {
        var (status, body) = await client.PostJsonAsync("/api/v1/jobs", request);
        status.ShouldBe(HttpStatusCode.Accepted, body?.ToJsonString());
        return body!;
    }

    /// <summary>Polls the job until it has finished (a generous ceiling for a loaded machine; not a timing assert).</summary>
    public static async Task<JsonNode> WaitForJobAsync(this HttpClient client, string jobId, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (status, body) = await client.GetJsonAsync($"/api/v1/jobs/{jobId}");
            status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
            if (FinishedStatuses.Contains(body!["status"]!.GetValue<string>())) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} did not finish: {body.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    public static async Task<JsonArray> ItemsAsync(this HttpClient client, string jobId, string? status = null)
    {
        var (code, body) = await client.GetJsonAsync($"/api/v1/jobs/{jobId}/items?limit=10000{(status is null ? "" : "&status=" + status)}");
        code.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!.AsArray();
    }
}
