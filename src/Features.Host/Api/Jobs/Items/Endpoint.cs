using System.Text.Json;
using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Validation;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Jobs.Items;

public sealed class Request
{
    [BindFrom("job_id")]
    public Guid JobId { get; set; }
    public string? Status { get; set; }
    public int Skip { get; set; }
    public int Limit { get; set; } = 100;
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Status).Must(s => s is null || ItemStatus.All.Contains(s)).WithMessage($"must be one of {string.Join(", ", ItemStatus.All)}");
        RuleFor(r => r.Skip).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Limit).InclusiveBetween(1, 10_000);
    }
}

/// <summary>One item: a feature over a symbol, with its dataset or the problem a single generate would have answered.</summary>
public sealed class Response
{
    public int Seq { get; init; }
    public required string Symbol { get; init; }
    public Guid? FeatureId { get; init; }
    public required string Status { get; init; }
    public Guid? DatasetId { get; init; }
    public string? VersionHash { get; init; }
    public bool? Cached { get; init; }
    public JsonElement? Error { get; init; }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, List<Response>>
{
    public override void Configure()
    {
        Get("/api/v1/jobs/{job_id:guid}/items");
        Policies(Access.Reader);
        Description(d => d.WithTags("jobs").ProducesProblemDetails(404));
        Summary(s => s.Summary = "A job's items in order, optionally only those of one status (e.g. ?status=failed)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Jobs.AnyAsync(j => j.Id == req.JobId, ct)) throw ProblemException.NotFound("Job not found");
        var query = db.JobItems.AsNoTracking().Where(i => i.JobId == req.JobId);
        if (req.Status is not null) query = query.Where(i => i.Status == req.Status);
        var rows = await query.OrderBy(i => i.Seq).Skip(req.Skip).Take(req.Limit).ToListAsync(ct);
        await Send.OkAsync([.. rows.Select(i => new Response
        {
            Seq = i.Seq,
            Symbol = i.Symbol,
            FeatureId = i.FeatureId,
            Status = i.Status,
            DatasetId = i.DatasetId,
            VersionHash = i.VersionHash,
            Cached = i.Cached,
            Error = i.ErrorJson is null ? null : JsonDocument.Parse(i.ErrorJson).RootElement.Clone(),
        })], ct);
    }
}
