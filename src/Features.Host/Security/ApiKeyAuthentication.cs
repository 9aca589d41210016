using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Features.Host.Security;

/// <summary>
/// Signs in the holder of an active API key with the key's role. No credential is no result (the endpoint's policy
/// then challenges); an unknown or revoked key fails. A database outage is not caught here: it surfaces as a 503.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string UnknownKey = "the API key is unknown or revoked";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Credentials.From(Request) is not { } secret) return AuthenticateResult.NoResult();
        var key = await keys.FindAsync(secret, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail(UnknownKey);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()), new Claim(ClaimTypes.Name, key.Name), new Claim(Roles.ClaimType, key.Role)],
            SchemeName, ClaimTypes.Name, Roles.ClaimType);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>
/// With <c>Features:Auth:Enabled=false</c> (the embedded default on loopback) every caller is an admin, so the
/// roles each endpoint declares hold and nothing is refused.
/// </summary>
public sealed class OpenAccess(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Open";

    private static readonly ClaimsPrincipal Anyone = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "anonymous (auth off)"), new Claim(Roles.ClaimType, Roles.Admin)], SchemeName, ClaimTypes.Name, Roles.ClaimType));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Anyone, SchemeName)));
}
