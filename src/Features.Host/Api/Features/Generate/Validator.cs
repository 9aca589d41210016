using Features.Host.Validation;

namespace Features.Host.Api.Features.Generate;

internal sealed class Validator : RequestValidator<Request>
{
    public Validator() => Include(new GenerateBodyValidator());
}
