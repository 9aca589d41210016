using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Features.Host.Tests.Infrastructure;

/// <summary>Small HTTP helpers for the API tests.</summary>
public static class ApiClient
{
    public static HttpClient Client(string backend) => TestHosts.Get(backend).CreateClient();

    public static string NewSymbol() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? node = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false)) node = JsonNode.Parse(text);
        return (response.StatusCode, node);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string url, object? body) => client.SendJsonAsync(HttpMethod.Post, url, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string url) => client.SendJsonAsync(HttpMethod.Get, url);

    public static async Task<JsonNode> CreateFeatureAsync(this HttpClient client, string pluginKey, object? parameters = null, string? name = null)
    {
        var (status, body) = await client.PostJsonAsync("/api/v1/features", new { name = name ?? pluginKey + " test", plugin_key = pluginKey, parameters = parameters ?? new { } });
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }

    public static async Task<JsonNode> IngestAsync(this HttpClient client, string symbol, string timeframe, byte[] content, string contentType = "text/csv")
    {
        var (status, body) = await client.IngestRawAsync(symbol, timeframe, content, contentType);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> IngestRawAsync(this HttpClient client, string symbol, string timeframe, byte[] content, string contentType = "text/csv")
    {
        using var payload = new ByteArrayContent(content);
        payload.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync($"/api/v1/market-data/{Uri.EscapeDataString(symbol)}/{Uri.EscapeDataString(timeframe)}", payload);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public static async Task<JsonNode> GenerateAsync(this HttpClient client, string featureId, string symbol, string start, string end, string timeframe = "1d", string action = "generate")
    {
        var (status, body) = await client.PostJsonAsync($"/api/v1/features/{featureId}/{action}", new { symbol, timeframe, start_date = start, end_date = end });
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    public static async Task<byte[]> DownloadAsync(this HttpClient client, string featureId, string versionHash, string format)
    {
        using var response = await client.GetAsync($"/api/v1/features/{featureId}/datasets/{versionHash}/data?format={format}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The problem's <c>errors</c> keys, to check that the field is named.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonNode? problem) =>
        problem?["errors"]?.AsObject().Select(kv => kv.Key).ToList() ?? [];
}
