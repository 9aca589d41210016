using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Validation;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.Jobs.List;

public sealed class Request
{
    public int Skip { get; set; }
    public int Limit { get; set; } = 50;
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Skip).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000);
    }
}

internal sealed class Endpoint(IDbContextFactory<FeaturesDbContext> contexts) : Endpoint<Request, List<JobRead>>
{
    public override void Configure()
    {
        Get("/api/v1/jobs");
        Policies(Access.Reader);
        Description(d => d.WithTags("jobs"));
        Summary(s => s.Summary = "List jobs, newest first");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Jobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).ThenBy(j => j.Id).Skip(req.Skip).Take(req.Limit)
            .Join(db.JobCounters.AsNoTracking(), j => j.Id, c => c.JobId, (j, c) => new { j, c })
            .ToListAsync(ct);
        var now = StorageClock.UtcNow;
        await Send.OkAsync([.. rows.OrderByDescending(r => r.j.CreatedAt).Select(r => JobRead.From(new JobProgress(r.j, r.c), now))], ct);
    }
}
