using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;

namespace Features.Host.Api.Jobs.Get;

internal sealed class Endpoint(JobEngine engine) : Endpoint<JobRoute, JobRead>
{
    public override void Configure()
    {
        Get("/api/v1/jobs/{job_id:guid}");
        Policies(Access.Reader);
        Description(d => d.WithTags("jobs").ProducesProblemDetails(404));
        Summary(s => s.Summary = "One job: status, counts, items per second, ETA");
    }

    public override async Task HandleAsync(JobRoute req, CancellationToken ct) =>
        await Send.OkAsync(JobRead.From(await engine.GetAsync(req.JobId, ct), StorageClock.UtcNow), ct);
}
