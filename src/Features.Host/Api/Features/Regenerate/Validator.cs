using Features.Host.Validation;

namespace Features.Host.Api.Features.Regenerate;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator() => Include(new GenerateBodyValidator());
}
