using FastEndpoints;
using Features.Host.Errors;
using Features.Host.MarketData;
using Features.Host.News;
using Features.Host.Security;

namespace Features.Host.Api.News.Ingest;

public sealed class Response
{
    public int Received { get; init; }
    public int Inserted { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    /// <summary>Lines repeating an id seen earlier in the same upload (the later line is kept).</summary>
    public int DuplicateIds { get; init; }
    /// <summary>The symbols whose news changed (their news revision was bumped).</summary>
    public required IReadOnlyList<string> Symbols { get; init; }
    public DateTime? FirstPublishedAt { get; init; }
    public DateTime? LastPublishedAt { get; init; }
}

/// <summary>
/// Upserts news items by vendor id from JSON Lines or CSV (raw body or a multipart form with one file). The whole
/// upload is parsed and checked first: a malformed line is a 422 naming it, and nothing of the upload is stored.
/// </summary>
internal sealed class Endpoint(NewsStore store, NewsOptions options) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Post("/api/v1/news");
        Policies(Access.Writer);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.WithTags("news").Accepts<IFormFile>("application/x-ndjson", "text/csv", "multipart/form-data").ProducesProblemDetails(422).ProducesProblemDetails(413));
        Summary(s => s.Summary = "Ingest news items (JSON Lines or CSV: id, published_at with zone, symbols, headline, body?, source?, relevance?, sentiment?, novelty?), upserting by id");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var upload = await NewsUpload.ReadAsync(HttpContext.Request, options.MaxUploadBytes, ct);
        List<ParsedNewsItem> items;
        try
        {
            items = NewsFileReader.Read(upload.Text, NewsFileReader.IsJsonLines(upload.ContentType, upload.FileName, upload.Text), options.MaxItemsPerUpload);
        }
        catch (NewsFileException e)
        {
            throw ProblemException.Invalid($"line {e.Line}.{e.Field}", e.Message);
        }
        var result = await store.IngestAsync(items, ct);
        await Send.OkAsync(new Response
        {
            Received = result.Received,
            Inserted = result.Inserted,
            Updated = result.Updated,
            Unchanged = result.Unchanged,
            DuplicateIds = result.DuplicateIds,
            Symbols = result.Symbols,
            FirstPublishedAt = BarTime.ToDateTime(result.FirstPublishedAt),
            LastPublishedAt = BarTime.ToDateTime(result.LastPublishedAt),
        }, ct);
    }
}
