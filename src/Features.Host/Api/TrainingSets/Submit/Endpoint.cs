using System.Text.Json;
using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.TrainingSets.Hosting;
using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.TrainingSets.Submit;

public sealed class Request
{
    public Guid? FeatureSetId { get; set; }
    public List<MemberRequest>? Features { get; set; }
    /// <summary>A list of symbols, <c>{"all": true}</c> or <c>{"prefix": "S0"}</c>.</summary>
    public JsonElement? Symbols { get; set; }
    public string? Timeframe { get; set; } = "1d";
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public JsonElement? Label { get; set; }
    public JsonElement? Processors { get; set; }
    public JsonElement? Splits { get; set; }
    public bool DropIncompleteLabels { get; set; }
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Timeframe ?? "1d").Timeframe().OverridePropertyName(nameof(Request.Timeframe));
        this.Members(r => r.Features);
        this.DateRange(r => r.StartDate, r => r.EndDate);
    }
}

internal sealed class Endpoint(TrainingSetJobs trainingSets) : Endpoint<Request, TrainingSetRead>
{
    public override void Configure()
    {
        Post("/api/v1/training-sets");
        Policies(Access.Writer);
        Description(d => d.WithTags("training-sets").Produces<TrainingSetRead>(202).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Build a training set (point-in-time join, label, processors, splits) as a job; validated up front, then queued");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var universe = FeatureJobs.ParseUniverse(req.Symbols);
        var timeframe = req.Timeframe ?? "1d";
        var members = req.Features?.Select(m => m.ToMember(timeframe)).ToList();
        var submission = new TrainingSetSubmission(req.FeatureSetId, members, universe, timeframe,
            RequestDates.Parse(req.StartDate, out _)!.Value, RequestDates.Parse(req.EndDate, out _)!.Value, req.Label, req.Processors, req.Splits, req.DropIncompleteLabels);
        var job = await trainingSets.SubmitAsync(submission, ct);
        var (progress, item) = await trainingSets.GetAsync(job.Job.Id, ct);
        HttpContext.Response.Headers.Location = $"/api/v1/training-sets/{job.Job.Id}";
        await Send.ResponseAsync(TrainingSetRead.From(progress, item, StorageClock.UtcNow), 202, ct);
    }
}
