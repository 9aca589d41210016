using FastEndpoints;
using Features.Host.Configuration;
using Features.Host.Security;

namespace Features.Host.Api.Auth.Me;

/// <param name="Name">The key's name, the token's subject, or "anonymous (auth off)".</param>
/// <param name="Role">The strongest role the caller holds: what a client may offer it (the web UI hides write buttons from readers).</param>
/// <param name="AuthEnabled">False on the embedded default, where every caller is an admin.</param>
public sealed record Response(string Name, string Role, bool AuthEnabled);

/// <summary>Who the caller is and what role it holds.</summary>
internal sealed class Endpoint(FeaturesOptions options) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/api/v1/auth/me");
        Policies(Access.Reader);
        Description(d => d.WithTags("auth"));
        Summary(s => s.Summary = "The caller's name and role (reader, writer or admin)");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var role = User.FindAll(Security.Roles.ClaimType).Select(c => c.Value).Where(Security.Roles.IsValid).MaxBy(Security.Roles.Rank) ?? Security.Roles.Reader;
        var name = User.Identity?.Name ?? User.FindFirst("sub")?.Value ?? "?";
        return Send.OkAsync(new Response(name, role, options.Auth.Enabled), ct);
    }
}
