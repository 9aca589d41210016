using Features.Host.Configuration;
using Features.Host.Errors;
using Features.Host.Storage;

namespace Features.Host.Fundamentals;

/// <summary>What one upload of facts did: what was read and left out, and what was stored.</summary>
public sealed record FactIngestReport(FactUpload Upload, FactIngestResult Stored);

/// <summary>
/// Turns an upload request into stored facts: the files are spooled, parsed whole (a malformed line anywhere is a 422
/// naming the file and line, and nothing is stored), then written in one transaction.
/// </summary>
public sealed class FundamentalIngestion(FundamentalStore store, FeaturesOptions options, FeaturesPaths paths)
{
    /// <summary>A zip entry may expand to this many times the upload cap (the SEC's num.txt is about 8 times its zip).</summary>
    private const int MaxExpansion = 16;

    /// <summary>The SEC's quarterly zip, or <c>sub.txt</c> and <c>num.txt</c> as a multipart form.</summary>
    public Task<FactIngestReport> IngestSecFsdsAsync(HttpRequest request, CancellationToken ct) =>
        IngestAsync(request, (files, upload) =>
        {
            var maxExpanded = options.Limits.MaxUploadBytes * MaxExpansion;
            using (var sub = files.Open("sub.txt", maxExpanded) ?? throw Missing("sub.txt"))
            {
                SecFsdsReader.ReadSubmissions(sub, upload);
            }
            using var num = files.Open("num.txt", maxExpanded) ?? throw Missing("num.txt");
            SecFsdsReader.ReadNumbers(num, upload);
        }, ct);

    /// <summary>A vendor's CSV (<c>symbol,tag,period_end,qtrs,value,available_at</c>) as the body or a one-file form.</summary>
    public Task<FactIngestReport> IngestVendorCsvAsync(HttpRequest request, CancellationToken ct) =>
        IngestAsync(request, (files, upload) =>
        {
            var file = files.Single();
            using var csv = File.OpenRead(file.Path);
            VendorFactsReader.Read(csv, upload, file.Name.Length > 0 ? file.Name : "csv");
        }, ct);

    public async Task<(int Tickers, int Inserted, int Updated, int Unchanged)> IngestTickersAsync(HttpRequest request, CancellationToken ct)
    {
        using var files = await UploadedFiles.ReceiveAsync(request, paths, options.Limits.MaxUploadBytes, ct);
        await using var json = File.OpenRead(files.Single().Path);
        try
        {
            var tickers = CompanyTickersReader.Read(json, options.Limits.MaxJsonDepth);
            var (inserted, updated, unchanged) = await store.UpsertTickersAsync(tickers, ct);
            return (tickers.Count, inserted, updated, unchanged);
        }
        catch (FundamentalFileException e)
        {
            throw ProblemException.Invalid(e.Place, e.Reason);
        }
    }

    private async Task<FactIngestReport> IngestAsync(HttpRequest request, Action<UploadedFiles, FactUpload> read, CancellationToken ct)
    {
        using var files = await UploadedFiles.ReceiveAsync(request, paths, options.Limits.MaxUploadBytes, ct);
        var upload = new FactUpload();
        try
        {
            read(files, upload);
        }
        catch (FundamentalFileException e)
        {
            throw ProblemException.Invalid(e.Place, e.Reason);
        }
        if (upload.Filings.Count == 0) throw ProblemException.Invalid("body", "the upload holds no filings");
        return new FactIngestReport(upload, await store.IngestAsync(upload, ct));
    }

    private static ProblemException Missing(string name) =>
        ProblemException.Invalid(name, $"the upload has no {name}: send the SEC's quarterly zip, or sub.txt and num.txt as a multipart form");
}
