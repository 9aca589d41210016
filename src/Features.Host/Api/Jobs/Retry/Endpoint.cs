using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;

namespace Features.Host.Api.Jobs.Retry;

internal sealed class Endpoint(JobEngine engine) : Endpoint<JobRoute, JobRead>
{
    public override void Configure()
    {
        Post("/api/v1/jobs/{job_id:guid}/retry");
        Policies(Access.Writer);
        Description(d => d.WithTags("jobs").Produces<JobRead>(202).ProducesProblemDetails(404).ProducesProblemDetails(409));
        Summary(s => s.Summary = "Queue a finished job's failed items again; 409 while it runs or when none failed");
    }

    public override async Task HandleAsync(JobRoute req, CancellationToken ct) =>
        await Send.ResponseAsync(JobRead.From(await engine.RetryAsync(req.JobId, ct), StorageClock.UtcNow), 202, ct);
}
