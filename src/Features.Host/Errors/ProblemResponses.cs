using System.Data.Common;
using System.Text.Json;
using Features.Host.Storage.Objects;
using Microsoft.AspNetCore.Diagnostics;

namespace Features.Host.Errors;

/// <summary>Writes every error as <c>application/problem+json</c> in one shape.</summary>
public static class ProblemResponses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static object Body(HttpContext context, int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors) =>
        new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = context.Request.Path.Value,
            ["errors"] = errors,
        }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        if (context.Response.HasStarted) return;
        // Clear() drops headers; a 401's challenge set by the caller must survive it.
        var challenge = context.Response.Headers.WWWAuthenticate;
        context.Response.Clear();
        if (status == 401 && challenge.Count > 0) context.Response.Headers.WWWAuthenticate = challenge;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(Body(context, status, title, detail, errors), Json));
    }

    /// <summary>Maps exceptions that escaped an endpoint: our problems as they are, outages to 503, the rest to 500.</summary>
    public static void UseProblemResponses(this WebApplication app) =>
        app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Features.Errors");
            switch (error)
            {
                case ProblemException p:
                    await WriteAsync(context, p.Status, p.Title, p.Detail, p.Errors);
                    break;
                case BadHttpRequestException b:
                    await WriteAsync(context, b.StatusCode, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(b.StatusCode), b.Message,
                        b.StatusCode == 413 ? new Dictionary<string, string[]> { ["body"] = ["is larger than this endpoint accepts"] } : null);
                    break;
                case ObjectStoreUnavailableException o:
                    logger.LogWarning(o, "Object store unavailable");
                    await WriteAsync(context, 503, "Service Unavailable", "the object store is unreachable: " + o.Message);
                    break;
                case var e when IsDatabaseBusy(e):
                    logger.LogWarning(e, "Database busy");
                    await WriteAsync(context, 503, "Service Unavailable", "the database stayed locked by other writes longer than this request could wait; retry shortly");
                    break;
                case var e when IsDatabaseOutage(e):
                    logger.LogWarning(e, "Database unavailable");
                    await WriteAsync(context, 503, "Service Unavailable", "the database is unreachable; retry shortly");
                    break;
                default:
                    logger.LogError(error, "Unhandled error on {Path}", context.Request.Path);
                    await WriteAsync(context, 500, "Internal Server Error", $"an unexpected error occurred ({error?.GetType().Name}); it has been logged with the request path");
                    break;
            }
        }));

    /// <summary>SQLite's one write lock held past the busy timeout (SQLITE_BUSY, SQLITE_LOCKED): a wait, not a fault.</summary>
    public static bool IsDatabaseBusy(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }) return true;
        return false;
    }

    public static bool IsDatabaseOutage(Exception? e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is Npgsql.NpgsqlException { IsTransient: true } || x is System.Net.Sockets.SocketException || x is TimeoutException) return true;
            if (x is Npgsql.NpgsqlException npg && npg.InnerException is System.Net.Sockets.SocketException or IOException) return true;
            if (x is Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08006" or "08001" or "08003" }) return true;
            if (x is Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException) return true;
            if (x is InvalidOperationException && x.InnerException is DbException) return IsDatabaseOutage(x.InnerException);
        }
        return false;
    }
}
