using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Storage.Objects;
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
        Summary(s => s.Summary = "Download a training set as parquet (default) or csv");
    }

    public override async Task HandleAsync(TrainingSetRoute req, CancellationToken ct)
    {
        var format = (req.Format ?? "parquet").ToLowerInvariant();
        if (format is not ("parquet" or "csv")) throw ProblemException.Invalid("format", "must be parquet or csv");
        var hash = await trainingSets.BuiltHashAsync(req.TrainingSetId, ct);
        var name = $"training_set_{hash[..12]}";
        HttpContext.Response.Headers.ETag = $"\"{hash}\"";
        if (format == "parquet")
        {
            HttpContext.Response.ContentType = "application/vnd.apache.parquet";
            HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.parquet\"";
            await using var stream = await objects.OpenReadAsync(TrainingSetObjects.Data(hash), ct);
            await stream.CopyToAsync(HttpContext.Response.Body, ct);
            return;
        }
        Directory.CreateDirectory(paths.TempDirectory);
        var file = Path.Combine(paths.TempDirectory, $"ts-dl-{Guid.NewGuid():N}.parquet");
        try
        {
            await using (var source = await objects.OpenReadAsync(TrainingSetObjects.Data(hash), ct))
            await using (var target = File.Create(file))
            {
                await source.CopyToAsync(target, ct);
            }
            HttpContext.Response.ContentType = "text/csv; charset=utf-8";
            HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
            await DatasetReader.WriteCsvAsync(file, HttpContext.Response.Body, ct);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
