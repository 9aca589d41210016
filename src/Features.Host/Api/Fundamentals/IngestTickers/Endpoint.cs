using FastEndpoints;
using Features.Host.Fundamentals;
using Features.Host.Security;

namespace Features.Host.Api.Fundamentals.IngestTickers;

public sealed class Response
{
    public int Tickers { get; init; }
    public int Inserted { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
}

/// <summary>Maps CIKs to symbols from the SEC's <c>company_tickers.json</c>, upserting by ticker.</summary>
internal sealed class Endpoint(FundamentalIngestion ingestion) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Post("/api/v1/fundamentals/tickers");
        Policies(Access.Writer);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.WithTags("fundamentals").Accepts<IFormFile>("application/json", "multipart/form-data").ProducesProblemDetails(422));
        Summary(s => s.Summary = "Upload the SEC's company_tickers.json: {\"0\":{\"cik_str\":320193,\"ticker\":\"AAPL\",\"title\":\"Apple Inc.\"}}");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (tickers, inserted, updated, unchanged) = await ingestion.IngestTickersAsync(HttpContext.Request, ct);
        await Send.OkAsync(new Response { Tickers = tickers, Inserted = inserted, Updated = updated, Unchanged = unchanged }, ct);
    }
}
