using FastEndpoints;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.TrainingSets.Hosting;

namespace Features.Host.Api.TrainingSets.Get;

internal sealed class Endpoint(TrainingSetJobs trainingSets) : Endpoint<TrainingSetRoute, TrainingSetRead>
{
    public override void Configure()
    {
        Get("/api/v1/training-sets/{training_set_id:guid}");
        Policies(Access.Reader);
        Description(d => d.WithTags("training-sets").ProducesProblemDetails(404));
        Summary(s => s.Summary = "One training set: its job's status and progress, and its content hash once built");
    }

    public override async Task HandleAsync(TrainingSetRoute req, CancellationToken ct)
    {
        var (job, item) = await trainingSets.GetAsync(req.TrainingSetId, ct);
        await Send.OkAsync(TrainingSetRead.From(job, item, StorageClock.UtcNow), ct);
    }
}
