using System.Text.Json;
using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.Jobs.Submit;

public sealed class Request
{
    public Guid? FeatureSetId { get; set; }
    public List<Guid>? FeatureIds { get; set; }
    /// <summary>A list of symbols, <c>{"all": true}</c> or <c>{"prefix": "S0"}</c>.</summary>
    public JsonElement? Symbols { get; set; }
    public string? Timeframe { get; set; } = "1d";
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    /// <summary>Re-read the bars and re-run every kernel, as regenerate does; a new dataset only where the hash differs.</summary>
    public bool Regenerate { get; set; }
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Timeframe ?? "1d").Timeframe().OverridePropertyName(nameof(Request.Timeframe));
        this.DateRange(r => r.StartDate, r => r.EndDate);
    }
}

internal sealed class Endpoint(FeatureJobs jobs) : Endpoint<Request, JobRead>
{
    public override void Configure()
    {
        Post("/api/v1/jobs");
        Policies(Access.Writer);
        Description(d => d.WithTags("jobs").Produces<JobRead>(202).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Compute features (a set, or ids) over a universe of symbols as one job; validated up front, then queued");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var universe = FeatureJobs.ParseUniverse(req.Symbols);
        var submission = new FeatureJobSubmission(req.FeatureSetId, req.FeatureIds, universe, req.Timeframe ?? "1d",
            RequestDates.Parse(req.StartDate, out _)!.Value, RequestDates.Parse(req.EndDate, out _)!.Value, req.Regenerate);
        var job = await jobs.SubmitAsync(submission, ct);
        HttpContext.Response.Headers.Location = $"/api/v1/jobs/{job.Job.Id}";
        await Send.ResponseAsync(JobRead.From(job, StorageClock.UtcNow), 202, ct);
    }
}
