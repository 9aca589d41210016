using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;

namespace Features.Host.Api.Jobs.Cancel;

internal sealed class Endpoint(JobEngine engine) : Endpoint<JobRoute, JobRead>
{
    public override void Configure()
    {
        Post("/api/v1/jobs/{job_id:guid}/cancel");
        Policies(Access.Writer);
        Description(d => d.WithTags("jobs").ProducesProblemDetails(404).ProducesProblemDetails(409));
        Summary(s => s.Summary = "Cancel a job: items not started are dropped, running ones finish; 409 once it has finished");
    }

    public override async Task HandleAsync(JobRoute req, CancellationToken ct) =>
        await Send.OkAsync(JobRead.From(await engine.CancelAsync(req.JobId, ct), StorageClock.UtcNow), ct);
}
