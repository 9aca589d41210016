using Features.Host.Errors;
using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.Features.DownloadData;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Format).Must(f => f is null || f.ToLowerInvariant() is "parquet" or "csv" or "json")
            .WithMessage((_, f) => $"must be parquet, csv or json; got '{UserText.Shorten(f!)}'");
        RuleFor(r => r.VersionHash).Must(h => h.Length == 64 && h.All(Uri.IsHexDigit)).WithMessage("must be 64 hexadecimal characters");
    }
}
