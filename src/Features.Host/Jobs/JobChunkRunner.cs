using Features.Host.Errors;
using Hangfire;
using Hangfire.Server;

namespace Features.Host.Jobs;

/// <summary>
/// What a Hangfire job of the batch queue runs: one chunk of a job, by the handler of the job's kind. A transient
/// failure (database or object store away) is thrown back to Hangfire, which retries the chunk with back-off; after
/// the last attempt the chunk's unfinished items fail with the 503 problem, so the job still finishes and can be retried.
/// </summary>
public sealed class JobChunkRunner(JobEngine engine, IEnumerable<IJobHandler> handlers, ILogger<JobChunkRunner> logger)
{
    /// <summary>Retries of a chunk after a transient failure; the delays back off from seconds to minutes.</summary>
    public const int TransientAttempts = 10;

    [Queue(JobQueues.Batch)]
    [AutomaticRetry(Attempts = TransientAttempts, DelaysInSeconds = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(Guid jobId, int chunk, PerformContext? context, CancellationToken ct)
    {
        var work = await engine.StartChunkAsync(jobId, chunk, ct);
        if (work is null) return;
        var handler = handlers.FirstOrDefault(h => h.Kind == work.Job.Kind);
        if (handler is null)
        {
            await engine.FailUnfinishedAsync(jobId, chunk, new ProblemException(500, "Unknown job kind", $"no handler for job kind '{work.Job.Kind}' on this host"), ct);
            return;
        }
        try
        {
            await handler.RunAsync(work.Job, work.Items, outcomes => engine.RecordAsync(jobId, chunk, outcomes, CancellationToken.None), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // the host is stopping: Hangfire hands the chunk to the next worker
        }
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            var attempt = context?.GetJobParameter<int>("RetryCount") ?? 0;
            if (attempt < TransientAttempts)
            {
                logger.LogWarning("Job {Job} chunk {Chunk}: {Message}; retrying (attempt {Attempt} of {Attempts})", jobId, chunk, e.Message, attempt + 1, TransientAttempts);
                throw;
            }
            logger.LogError(e, "Job {Job} chunk {Chunk}: retries exhausted", jobId, chunk);
            await engine.FailUnfinishedAsync(jobId, chunk, TransientFailures.AsProblem(e), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Job} chunk {Chunk} failed", jobId, chunk);
            var problem = e as ProblemException ?? new ProblemException(500, "Internal Server Error", $"an unexpected error occurred ({e.GetType().Name}: {e.Message})");
            await engine.FailUnfinishedAsync(jobId, chunk, problem, CancellationToken.None);
        }
    }
}
