using FastEndpoints;
using Features.Host.Fundamentals;
using Features.Host.Security;

namespace Features.Host.Api.Fundamentals.IngestFacts;

/// <summary>Ingests facts from another vendor: CSV <c>symbol,tag,period_end,qtrs,value,available_at</c>, known from <c>available_at</c>.</summary>
internal sealed class Endpoint(FundamentalIngestion ingestion) : EndpointWithoutRequest<FactIngestResponse>
{
    public override void Configure()
    {
        Post("/api/v1/fundamentals/facts");
        Policies(Access.Writer);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.WithTags("fundamentals").Accepts<IFormFile>("text/csv", "multipart/form-data").ProducesProblemDetails(422).ProducesProblemDetails(413));
        Summary(s => s.Summary = "Ingest vendor facts (CSV symbol,tag,period_end,qtrs,value,available_at; available_at with its zone)");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(FactIngestResponse.From(await ingestion.IngestVendorCsvAsync(HttpContext.Request, ct)), ct);
}
