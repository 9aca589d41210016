using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Security;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Features.DownloadData;

public sealed class Request
{
    [BindFrom("feature_id")]
    public Guid FeatureId { get; set; }
    [BindFrom("version_hash")]
    public string VersionHash { get; set; } = "";
    public string? Format { get; set; }
}

/// <summary>Streams a stored dataset: Parquet as stored, CSV with a header, or JSON rows; verified against its checksum first.</summary>
internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts, DatasetReader reader) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/api/v1/features/{feature_id:guid}/datasets/{version_hash}/data");
        Policies(Access.Reader);
        Description(d => d.WithTags("generation").ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Download a dataset as parquet (default), csv or json");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var format = (req.Format ?? "parquet").ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Features.AnyAsync(f => f.Id == req.FeatureId, ct)) throw ProblemException.NotFound("Feature not found");
        var hash = req.VersionHash.ToLowerInvariant();
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.FeatureId == req.FeatureId && d.VersionHash == hash, ct)
                      ?? throw ProblemException.NotFound($"Dataset {hash} not found for this feature");

        var file = await reader.FetchVerifiedAsync(dataset, ct);
        try
        {
            var name = $"{dataset.PluginKey}_{dataset.Symbol}_{dataset.Timeframe}_{hash[..12]}";
            HttpContext.Response.Headers.ETag = $"\"{dataset.ObjectSha256}\"";
            switch (format)
            {
                case "parquet":
                    await Send.StreamAsync(File.OpenRead(file), name + ".parquet", new FileInfo(file).Length, "application/vnd.apache.parquet", cancellation: ct);
                    break;
                case "csv":
                    HttpContext.Response.ContentType = "text/csv; charset=utf-8";
                    HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
                    await DatasetReader.WriteCsvAsync(file, HttpContext.Response.Body, ct);
                    break;
                default:
                    HttpContext.Response.ContentType = "application/json; charset=utf-8";
                    await DatasetReader.WriteJsonAsync(file, HttpContext.Response.Body, ct);
                    break;
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
