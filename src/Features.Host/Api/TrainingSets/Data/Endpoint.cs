using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Storage.Objects;
using Features.Host.TrainingSets;
using Features.Host.TrainingSets.Hosting;

namespace Features.Host.Api.TrainingSets.Data;

/// <summary>Streams a built training set: the Parquet as stored, or CSV with a header.</summary>
internal sealed class Endpoint(TrainingSetJobs trainingSets, IObjectStore objects, FeaturesPaths paths) : Endpoint<TrainingSetRoute>
{
    public override void Configure()
    {
        Get("/api/v1/training-sets/{training_set_id:guid}/data");
        Policies(Access.Reader);
        Description(d => d.WithTags("training-sets").ProducesProblemDetails(404).ProducesProblemDetails(409).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Download a training set as parquet (default) or csv, long (default) or wide (one row per timestamp, columns <symbol>__<column>)");
    }

    public override async Task HandleAsync(TrainingSetRoute req, CancellationToken ct)
    {
        var format = (req.Format ?? "parquet").ToLowerInvariant();
        if (format is not ("parquet" or "csv")) throw ProblemException.Invalid("format", "must be parquet or csv");
        var layout = (req.Layout ?? "long").ToLowerInvariant();
        if (layout is not ("long" or "wide")) throw ProblemException.Invalid("layout", "must be long or wide");
        var hash = await trainingSets.BuiltHashAsync(req.TrainingSetId, ct);
        var name = $"training_set_{hash[..12]}{(layout == "wide" ? "_wide" : "")}";
        HttpContext.Response.Headers.ETag = $"\"{hash}{(layout == "wide" ? "-wide" : "")}\"";
        if (format == "parquet" && layout == "long")
        {
            HttpContext.Response.ContentType = "application/vnd.apache.parquet";
            HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.parquet\"";
            await using var stream = await objects.OpenReadAsync(TrainingSetObjects.Data(hash), ct);
            await stream.CopyToAsync(HttpContext.Response.Body, ct);
            return;
        }
        Directory.CreateDirectory(paths.TempDirectory);
        var file = Path.Combine(paths.TempDirectory, $"ts-dl-{Guid.NewGuid():N}.parquet");
        var wide = Path.ChangeExtension(file, ".wide.parquet");
        try
        {
            await using (var source = await objects.OpenReadAsync(TrainingSetObjects.Data(hash), ct))
            await using (var target = File.Create(file))
            {
                await source.CopyToAsync(target, ct);
            }
            var served = file;
            if (layout == "wide")
            {
                // Pivoted before any byte is sent, so a 422 for too many cells is still a clean answer.
                await WideLayout.WriteAsync(file, wide, ct);
                served = wide;
            }
            if (format == "parquet")
            {
                HttpContext.Response.ContentType = "application/vnd.apache.parquet";
                HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.parquet\"";
                await using var stream = File.OpenRead(served);
                await stream.CopyToAsync(HttpContext.Response.Body, ct);
                return;
            }
            HttpContext.Response.ContentType = "text/csv; charset=utf-8";
            HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
            await DatasetReader.WriteCsvAsync(served, HttpContext.Response.Body, ct);
        }
        finally
        {
            File.Delete(file);
            File.Delete(wide);
        }
    }
}
