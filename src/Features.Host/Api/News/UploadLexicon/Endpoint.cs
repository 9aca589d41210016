using FastEndpoints;
using FluentValidation;
using Features.Host.Errors;
using Features.Host.News;
using Features.Host.Security;

namespace Features.Host.Api.News.UploadLexicon;

public sealed class Request
{
    public string? Name { get; set; }
}

public sealed class Response
{
    public required string Name { get; init; }
    public int Words { get; init; }
    /// <summary>Bumped when the upload changed the word list; part of every version hash that reads the lexicon.</summary>
    public long Revision { get; init; }
    public bool Changed { get; init; }
    /// <summary>Lines repeating a word seen earlier in the file (the later line is kept).</summary>
    public int DuplicateWords { get; init; }
}

/// <summary>Replaces a lexicon with a CSV of <c>word,polarity</c> (a header row is optional). We ship none: finance lexicons carry their own licences.</summary>
internal sealed class Endpoint(NewsStore store, NewsOptions options) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/v1/news/lexicons/{name}");
        Policies(Access.Writer);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.WithTags("news").Accepts<IFormFile>("text/csv", "multipart/form-data").ProducesProblemDetails(422));
        Summary(s => s.Summary = "Upload (replace) a sentiment lexicon: CSV word,polarity");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var name = req.Name!.ToLowerInvariant();
        var upload = await NewsUpload.ReadAsync(HttpContext.Request, options.MaxUploadBytes, ct);
        LexiconFile lexicon;
        try
        {
            lexicon = LexiconFile.Read(upload.Text, options.MaxLexiconWords);
        }
        catch (NewsFileException e)
        {
            throw ProblemException.Invalid($"line {e.Line}.{e.Field}", e.Message);
        }
        var result = await store.ReplaceLexiconAsync(name, lexicon.Words, lexicon.Duplicates, ct);
        await Send.OkAsync(new Response { Name = result.Name, Words = result.Words, Revision = result.Revision, Changed = result.Changed, DuplicateWords = result.DuplicateWords }, ct);
    }
}

internal sealed class Validator : Validation.RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotEmpty().Matches(LexiconFile.NamePattern).WithMessage(LexiconFile.NameRule);
    }
}
