using System.Text.Json;
using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Storage.Objects;
using Features.Host.TrainingSets;
using Features.Host.TrainingSets.Hosting;

namespace Features.Host.Api.TrainingSets.Get;

internal sealed class Endpoint(TrainingSetJobs trainingSets, IObjectStore objects) : Endpoint<TrainingSetRoute, TrainingSetRead>
{
    public override void Configure()
    {
        Get("/api/v1/training-sets/{training_set_id:guid}");
        Policies(Access.Reader);
        Description(d => d.WithTags("training-sets").ProducesProblemDetails(404));
        Summary(s => s.Summary = "One training set: its job's status and progress, and once built its content hash, row count and columns");
    }

    public override async Task HandleAsync(TrainingSetRoute req, CancellationToken ct)
    {
        var (job, item) = await trainingSets.GetAsync(req.TrainingSetId, ct);
        await Send.OkAsync(TrainingSetRead.From(job, item, StorageClock.UtcNow, await BuiltAsync(item, ct)), ct);
    }

    /// <summary>A built set's splits.json (small, and immutable under its content hash), which names the data file's rows and columns.</summary>
    private async Task<SplitManifest?> BuiltAsync(JobItem item, CancellationToken ct)
    {
        if (item.Status != ItemStatus.Succeeded || item.VersionHash is null) return null;
        try
        {
            // One read, not an existence check before it: on S3 that would be two round trips per poll.
            await using var stream = await objects.OpenReadAsync(TrainingSetObjects.Splits(item.VersionHash), ct);
            return await JsonSerializer.DeserializeAsync<SplitManifest>(stream, SplitManifest.Json, ct);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
