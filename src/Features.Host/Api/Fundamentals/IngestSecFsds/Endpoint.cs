using FastEndpoints;
using Features.Host.Fundamentals;
using Features.Host.Security;

namespace Features.Host.Api.Fundamentals.IngestSecFsds;

/// <summary>
/// Ingests the SEC's Financial Statement Data Sets: the quarterly zip as published, or <c>sub.txt</c> and
/// <c>num.txt</c> as a multipart form. Whole or not at all; every filing's version of a fact is kept.
/// </summary>
internal sealed class Endpoint(FundamentalIngestion ingestion) : EndpointWithoutRequest<FactIngestResponse>
{
    public override void Configure()
    {
        Post("/api/v1/fundamentals/sec-fsds");
        Policies(Access.Writer);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.WithTags("fundamentals").Accepts<IFormFile>("application/zip", "multipart/form-data").ProducesProblemDetails(422).ProducesProblemDetails(413));
        Summary(s => s.Summary = "Ingest SEC Financial Statement Data Sets (the quarterly zip, or sub.txt + num.txt), consolidated entity only, point in time by acceptance");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(FactIngestResponse.From(await ingestion.IngestSecFsdsAsync(HttpContext.Request, ct)), ct);
}
