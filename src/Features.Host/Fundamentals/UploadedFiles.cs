using System.IO.Compression;
using Features.Host.Errors;
using Features.Host.Storage;

namespace Features.Host.Fundamentals;

/// <summary>One file of an upload, spooled to a scratch file.</summary>
public sealed record UploadedFile(string Name, string? ContentType, string Path)
{
    public bool IsZip()
    {
        if (ContentType?.Contains("zip", StringComparison.OrdinalIgnoreCase) == true || Name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return true;
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(Path);
        return file.Read(magic) == 4 && magic.SequenceEqual("PK\u0003\u0004"u8);
    }
}

/// <summary>
/// The files of an upload request, spooled to the home's scratch folder (deleted on dispose): a raw body is one file
/// named after nothing, a multipart form gives each of its files under its file name (or its field name). A zip is
/// opened as the files it holds, by name; an entry that claims to expand past the cap is refused.
/// </summary>
public sealed class UploadedFiles : IDisposable
{
    private readonly List<UploadedFile> _files = [];
    private readonly List<IDisposable> _archives = [];

    public IReadOnlyList<UploadedFile> Files => _files;

    public static async Task<UploadedFiles> ReceiveAsync(HttpRequest request, FeaturesPaths paths, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        Directory.CreateDirectory(paths.TempDirectory);
        var upload = new UploadedFiles();
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                foreach (var file in form.Files)
                {
                    await using var source = file.OpenReadStream();
                    upload._files.Add(await SpoolAsync(source, string.IsNullOrEmpty(file.FileName) ? file.Name : Path.GetFileName(file.FileName), file.ContentType, paths, ct));
                }
            }
            else
            {
                upload._files.Add(await SpoolAsync(request.Body, "", request.ContentType, paths, ct));
            }
            if (upload._files.Count == 0 || upload._files.All(f => new FileInfo(f.Path).Length == 0))
            {
                throw ProblemException.Invalid("body", "the request has no file; send the file as the body or as a multipart form");
            }
            return upload;
        }
        catch
        {
            upload.Dispose();
            throw;
        }
    }

    private static async Task<UploadedFile> SpoolAsync(Stream source, string name, string? contentType, FeaturesPaths paths, CancellationToken ct)
    {
        var path = Path.Combine(paths.TempDirectory, $"fund-{Guid.NewGuid():N}");
        await using var target = File.Create(path);
        await source.CopyToAsync(target, ct);
        return new UploadedFile(name, contentType, path);
    }

    /// <summary>
    /// A named file of the upload: a multipart file called <paramref name="name"/> (with or without its extension), or
    /// the entry of that name in an uploaded zip (in any folder of it). Null when there is none.
    /// </summary>
    public Stream? Open(string name, long maxExpandedBytes)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        foreach (var file in _files)
        {
            if (file.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || file.Name.Equals(stem, StringComparison.OrdinalIgnoreCase)) return File.OpenRead(file.Path);
        }
        foreach (var file in _files.Where(f => f.IsZip()))
        {
            ZipArchive archive;
            try
            {
                archive = new ZipArchive(File.OpenRead(file.Path), ZipArchiveMode.Read);
            }
            catch (InvalidDataException)
            {
                throw new FundamentalFileException(file.Name.Length > 0 ? file.Name : "body", 0, "is not a readable zip archive");
            }
            _archives.Add(archive);
            var entry = archive.Entries.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (entry is null) continue;
            if (entry.Length > maxExpandedBytes) throw new FundamentalFileException(name, 0, $"expands to {entry.Length} bytes, more than the {maxExpandedBytes} allowed");
            try
            {
                return entry.Open();
            }
            catch (InvalidDataException)
            {
                throw new FundamentalFileException(name, 0, "cannot be read from the zip (unsupported compression or a damaged archive)");
            }
        }
        return null;
    }

    /// <summary>The only file of the upload (a raw body or a one-file form).</summary>
    public UploadedFile Single() =>
        _files.Count == 1 ? _files[0] : throw ProblemException.Invalid("body", $"send one file, not {_files.Count}");

    public static ProblemException TooLarge(long maxBytes) =>
        new(413, "Payload Too Large", $"uploads are limited to {maxBytes / (1024 * 1024)} MiB (Features:Limits:MaxUploadBytes); split the file");

    public void Dispose()
    {
        foreach (var archive in _archives) archive.Dispose();
        foreach (var file in _files) File.Delete(file.Path);
    }
}
