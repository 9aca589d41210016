using System.Buffers;
using System.IO.Pipelines;
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
/// Upserts bars from a CSV or Parquet body (raw, or a multipart form with one file), parsed and validated in batches as
/// they are written, all in one transaction: a file is stored whole or not at all, and memory does not grow with its
/// length. A raw CSV body is parsed as it arrives (on a thread of its own, while the batches before are written); a
/// Parquet file, which is read from its end, and a multipart form are spooled to a scratch file first.
/// </summary>
internal sealed class Endpoint(BarStore store, FeaturesOptions options, FeaturesPaths paths) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/v1/market-data/{symbol}/{timeframe}");
        Policies(Access.Writer);
        // The handler reads the body itself: FastEndpoints must not buffer a multipart form first.
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.WithTags("market-data").Accepts<IFormFile>("text/csv", "application/vnd.apache.parquet", "multipart/form-data").ProducesProblemDetails(422).ProducesProblemDetails(413));
        Summary(s => s.Summary = "Ingest OHLCV bars (CSV: date|timestamp,open,high,low,close,volume, or date,value; or Parquet), upserting by timestamp");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (symbol, timeframe) = (req.Symbol!, req.Timeframe!);

        var request = HttpContext.Request;
        if (request.ContentLength > options.Limits.MaxUploadBytes) throw TooLarge();
        var batcher = new UploadBatcher(options.Limits.MaxRowsPerUpload);
        IngestResult result;
        try
        {
            var streamed = !request.HasFormContentType && !NamesParquet(request.ContentType, null);
            var start = streamed ? await PeekAsync(request.BodyReader, ct) : BodyStart.Unknown;
            if (start == BodyStart.Empty) throw Empty();
            if (start == BodyStart.Text)
            {
                // Parsed as it arrives: no copy of the body on disk, and a bad line late in the file still stores nothing.
                result = await store.IngestAsync(symbol, timeframe,
                    stop => CsvBarReader.Read(new BlockingBodyStream(request.BodyReader, options.Limits.MaxUploadBytes, TooLarge, stop), batcher), ct);
            }
            else
            {
                result = await IngestSpooledAsync(symbol, timeframe, batcher, ct);
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

    private async Task<IngestResult> IngestSpooledAsync(string symbol, string timeframe, UploadBatcher batcher, CancellationToken ct)
    {
        var request = HttpContext.Request;
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
                    // Through the body's pipe: its first bytes were looked at there.
                    await CopyLimitedAsync(request.BodyReader.AsStream(), target, ct);
                }
            }
            if (new FileInfo(upload).Length == 0) throw Empty();

            if (NamesParquet(contentType, fileName) || StartsWithParquetMagic(upload))
            {
                return await store.IngestAsync(symbol, timeframe, ParquetBarReader.Read(upload, batcher), ct);
            }
            await using var csv = File.OpenRead(upload);
            return await store.IngestAsync(symbol, timeframe, CsvBarReader.Read(csv, batcher), ct);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    private enum BodyStart { Unknown, Empty, Text, Parquet }

    /// <summary>Looks at the body's first bytes without consuming them: Parquet files start with <c>PAR1</c>.</summary>
    private static async Task<BodyStart> PeekAsync(PipeReader body, CancellationToken ct)
    {
        while (true)
        {
            var read = await body.ReadAsync(ct);
            var buffer = read.Buffer;
            if (buffer.Length >= ParquetMagic.Length || read.IsCompleted)
            {
                var start = buffer.Length == 0 ? BodyStart.Empty
                    : buffer.Length >= ParquetMagic.Length && buffer.Slice(0, ParquetMagic.Length).ToArray().AsSpan().SequenceEqual(ParquetMagic) ? BodyStart.Parquet
                    : BodyStart.Text;
                body.AdvanceTo(buffer.Start); // nothing consumed: the next read sees these bytes again
                return start;
            }
            body.AdvanceTo(buffer.Start, buffer.End); // too few bytes yet: wait for more
        }
    }

    private static ReadOnlySpan<byte> ParquetMagic => "PAR1"u8;

    private static ProblemException Empty() => ProblemException.Invalid("body", "the request body is empty; send a CSV or Parquet file");

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

    private static bool NamesParquet(string? contentType, string? fileName) =>
        contentType?.Contains("parquet", StringComparison.OrdinalIgnoreCase) == true ||
        fileName?.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) == true;

    private static bool StartsWithParquetMagic(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return f.Read(magic) == 4 && magic.SequenceEqual(ParquetMagic);
    }
}
