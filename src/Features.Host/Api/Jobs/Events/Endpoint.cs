using System.Text.Json;
using FastEndpoints;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.Storage;

namespace Features.Host.Api.Jobs.Events;

/// <summary>
/// Server-sent events of a job's progress, for a progress bar: an event <c>progress</c> at most once a second (the
/// job as <c>GET /api/v1/jobs/{id}</c> returns it), then one event <c>finished</c> when it ends, and the stream closes.
/// </summary>
internal sealed class Endpoint(JobEngine engine) : Endpoint<JobRoute>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public override void Configure()
    {
        Get("/api/v1/jobs/{job_id:guid}/events");
        Policies(Access.Reader);
        Description(d => d.WithTags("jobs").Produces(200, contentType: "text/event-stream").ProducesProblemDetails(404));
        Summary(s => s.Summary = "Server-sent events of a job's progress: at most one a second, and a final 'finished' one");
    }

    public override async Task HandleAsync(JobRoute req, CancellationToken ct)
    {
        var progress = await engine.GetAsync(req.JobId, ct);
        var response = HttpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        string? last = null;
        while (!ct.IsCancellationRequested)
        {
            var finished = JobStatus.IsFinished(progress.Job.Status);
            var data = JsonSerializer.Serialize(JobRead.From(progress, StorageClock.UtcNow), Json);
            if (finished || data != last)
            {
                await response.WriteAsync($"event: {(finished ? "finished" : "progress")}\ndata: {data}\n\n", ct);
                await response.Body.FlushAsync(ct);
                last = data;
            }
            if (finished) return;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            progress = await engine.GetAsync(req.JobId, ct);
        }
    }
}
