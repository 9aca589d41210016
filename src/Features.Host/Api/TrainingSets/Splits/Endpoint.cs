using FastEndpoints;
using Features.Host.Security;
using Features.Host.Storage.Objects;
using Features.Host.TrainingSets.Hosting;

namespace Features.Host.Api.TrainingSets.Splits;

internal sealed class Endpoint(TrainingSetJobs trainingSets, IObjectStore objects) : Endpoint<TrainingSetRoute>
{
    public override void Configure()
    {
        Get("/api/v1/training-sets/{training_set_id:guid}/splits");
        Policies(Access.Reader);
        Description(d => d.WithTags("training-sets").ProducesProblemDetails(404).ProducesProblemDetails(409));
        Summary(s => s.Summary = "splits.json: per split the half-open train/test row-index ranges, purged and embargoed counts (and CPCV paths)");
    }

    public override async Task HandleAsync(TrainingSetRoute req, CancellationToken ct)
    {
        var hash = await trainingSets.BuiltHashAsync(req.TrainingSetId, ct);
        HttpContext.Response.ContentType = "application/json; charset=utf-8";
        await using var stream = await objects.OpenReadAsync(TrainingSetObjects.Splits(hash), ct);
        await stream.CopyToAsync(HttpContext.Response.Body, ct);
    }
}
