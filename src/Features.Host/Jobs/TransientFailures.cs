using Features.Host.Errors;
using Features.Host.Storage.Objects;

namespace Features.Host.Jobs;

/// <summary>Failures that say "try again later" (an outage, a busy file), as opposed to an item's own failure.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is ObjectStoreUnavailableException or ProblemException { Status: 503 }) return true;
        return ProblemResponses.IsDatabaseBusy(e) || ProblemResponses.IsDatabaseOutage(e);
    }

    /// <summary>The 503 problem an item gets when its retries ran out while the database or the object store was away.</summary>
    public static ProblemException AsProblem(Exception e) =>
        e is ProblemException { Status: 503 } p ? p
        : e is ObjectStoreUnavailableException o ? ProblemException.Unavailable("the object store is unreachable: " + o.Message, e)
        : ProblemException.Unavailable("the database is unreachable; retry the job's failed items once it is back", e);
}
