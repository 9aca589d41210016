using FastEndpoints;
using Features.Host.Configuration;
using Features.Host.Errors;
using Features.Host.MarketData;
using Features.Host.Security;
using Features.Host.Storage;

namespace Features.Host.Api.MarketData.Ingest;

/// <summary>The series to write, from the route; the bars come in the body, read by the handler as a stream.</summary>
public sealed class Request
{
    public string? Symbol { get; set; }
    public string? Timeframe { get; set; }
}

public sealed class Response
{
    public required string Symbol { get; init; }
    public required string Timeframe { get; init; }
    public int Received { get; init; }
    public int Inserted { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public long BarCount { get; init; }
    public long Revision { get; init; }
    public DateTime? FirstTimestamp { get; init; }
    public DateTime? LastTimestamp { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>
/// Upserts bars from a CSV or Parquet body (raw, or a multipart form with one file). The body is spooled to a
/// scratch file, then parsed and validated in batches as they are written, all in one transaction: a file is
/// stored whole or not at all, and memory does not grow with its length.
/// </summary>
internal sealed class Endpoint(BarStore store, FeaturesOptions options, FeaturesPaths paths) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/v1/market-data/{symbol}/{timeframe}");
        Policies(Access.Writer);
        // The handler streams the body to a scratch file itself: FastEndpoints must not buffer a multipart form first.
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.WithTags("market-data").Accepts<IFormFile>("text/csv", "application/vnd.apache.parquet", "multipart/form-data").ProducesProblemDetails(422).ProducesProblemDetails(413));
        Summary(s => s.Summary = "Ingest OHLCV bars (CSV: date|timestamp,open,high,low,close,volume, or date,value; or Parquet), upserting by timestamp");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (symbol, timeframe) = (req.Symbol!, req.Timeframe!);

        var request = HttpContext.Request;
        if (request.ContentLength > options.Limits.MaxUploadBytes) throw TooLarge();
        Directory.CreateDirectory(paths.TempDirectory);
        var upload = Path.Combine(paths.TempDirectory, $"up-{Guid.NewGuid():N}");
        try
        {
            string? fileName = null;
            string? contentType = request.ContentType;
            await using (var target = File.Create(upload))
            {
                if (request.HasFormContentType)
                {
                    var form = await request.ReadFormAsync(ct);
                    var file = form.Files.FirstOrDefault() ?? throw ProblemException.Invalid("file", "the multipart form has no file");
                    fileName = file.FileName;
                    contentType = file.ContentType;
                    await using var source = file.OpenReadStream();
                    await CopyLimitedAsync(source, target, ct);
                }
                else
                {
                    await CopyLimitedAsync(request.Body, target, ct);
                }
            }
            if (new FileInfo(upload).Length == 0) throw ProblemException.Invalid("body", "the request body is empty; send a CSV or Parquet file");

            // Parsed while it is written: a bad line anywhere aborts the one transaction, so nothing is stored.
            var batcher = new UploadBatcher(options.Limits.MaxRowsPerUpload);
            IngestResult result;
            try
            {
                if (IsParquet(upload, contentType, fileName))
                {
                    result = await store.IngestAsync(symbol, timeframe, ParquetBarReader.Read(upload, batcher), ct);
                }
                else
                {
                    await using var file = File.OpenRead(upload);
                    result = await store.IngestAsync(symbol, timeframe, CsvBarReader.Read(file, batcher), ct);
                }
            }
            catch (BarFileException e)
            {
                throw ProblemException.Invalid(e.Line > 0 ? $"line {e.Line}.{e.Field}" : e.Field, e.Message);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw ProblemException.Invalid("body", "the file is not UTF-8 text CSV nor Parquet");
            }

            await Send.OkAsync(new Response
            {
                Symbol = symbol,
                Timeframe = timeframe,
                Received = result.Received,
                Inserted = result.Inserted,
                Updated = result.Updated,
                Unchanged = result.Unchanged,
                BarCount = result.Series.BarCount,
                Revision = result.Series.Revision,
                FirstTimestamp = BarTime.ToDateTime(result.Series.FirstTimestamp),
                LastTimestamp = BarTime.ToDateTime(result.Series.LastTimestamp),
                Notes = batcher.Notes,
            }, ct);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    private async Task CopyLimitedAsync(Stream source, Stream target, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > options.Limits.MaxUploadBytes) throw TooLarge();
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private ProblemException TooLarge() =>
        new(413, "Payload Too Large", $"uploads are limited to {options.Limits.MaxUploadBytes / (1024 * 1024)} MiB (Features:Limits:MaxUploadBytes); split the file");

    private static bool IsParquet(string path, string? contentType, string? fileName)
    {
        if (contentType?.Contains("parquet", StringComparison.OrdinalIgnoreCase) == true) return true;
        if (fileName?.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) == true) return true;
        Span<byte> magic = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return f.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8);
    }
}
