using System.Text;
using Features.Host.Errors;

namespace Features.Host.News;

/// <summary>An upload's text and what it says it is: the raw body, or the one file of a multipart form.</summary>
public sealed record NewsUpload(string Text, string? ContentType, string? FileName)
{
    /// <summary>Reads the body (or the form's file) as UTF-8, refusing more than <paramref name="maxBytes"/> or bytes that are not UTF-8.</summary>
    public static async Task<NewsUpload> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        Stream body = request.Body;
        string? contentType = request.ContentType, fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault() ?? throw ProblemException.Invalid("file", "the multipart form has no file");
            (body, contentType, fileName) = (file.OpenReadStream(), file.ContentType, file.FileName);
        }
        await using (body)
        {
            using var bytes = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (bytes.Length + read > maxBytes) throw TooLarge(maxBytes);
                bytes.Write(buffer, 0, read);
            }
            if (bytes.Length == 0) throw ProblemException.Invalid("body", "the request body is empty");
            try
            {
                var text = new UTF8Encoding(false, true).GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
                return new NewsUpload(text.TrimStart('\uFEFF'), contentType, fileName);
            }
            catch (DecoderFallbackException)
            {
                throw ProblemException.Invalid("body", "the upload is not UTF-8 text");
            }
        }
    }

    private static ProblemException TooLarge(long maxBytes) =>
        new(413, "Payload Too Large", $"news uploads are limited to {maxBytes / (1024 * 1024)} MiB (Features:News:MaxUploadBytes); split the file");
}
