using System.Security.Claims;
using Features.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Features.Host.Security;

/// <summary>
/// JWT bearer tokens from an OIDC issuer: signature (keys from the issuer's discovery document), issuer, audience
/// and lifetime are checked by ASP.NET Core's JwtBearer handler; the role comes from one claim and means what an
/// API key's role means. Used by <see cref="AccessControl"/> when the bearer credential is a JWT.
/// </summary>
public static class JwtAccess
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public static void AddJwtAccess(this IServiceCollection services, FeaturesOptions options)
    {
        var jwt = options.Auth.Jwt;
        if (!jwt.Enabled) return;
        services.AddAuthentication().AddJwtBearer(Scheme, o =>
        {
            o.Authority = jwt.Authority;
            o.Audience = jwt.Audience;
            o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
            // Keep claim names as the issuer wrote them ("roles", "scope", "sub"), not mapped to WS-* URIs.
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
                ValidateAudience = true,
                ValidAudience = jwt.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(Math.Max(0, jwt.ClockSkewSeconds)),
                NameClaimType = "sub",
                RoleClaimType = jwt.RoleClaim,
            };
        });
    }

    /// <summary>A bearer credential shaped like a JWT (three dot-separated parts); API keys never contain a dot.</summary>
    public static bool IsJwt(string credential) => credential.Count(c => c == '.') == 2 && !credential.StartsWith(ApiKeyStore.KeyPrefix, StringComparison.Ordinal);

    /// <summary>The validated principal, or the status (401, or 503 when the issuer's keys cannot be fetched) and a reason a client can act on.</summary>
    public static async Task<(ClaimsPrincipal? Principal, int Status, string Reason)> AuthenticateAsync(HttpContext context, JwtOptions jwt)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (result.Succeeded && result.Principal is { } principal) return (principal, 200, "");
        // Without the issuer's discovery document every token fails (as "untrusted issuer"); that is an outage, not a verdict.
        var bearer = context.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(Scheme);
        try
        {
            if (bearer.ConfigurationManager is { } configuration) await configuration.GetConfigurationAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, 503, $"the token issuer's signing keys could not be fetched from {jwt.Authority}; retry shortly");
        }
        return result.Failure switch
        {
            SecurityTokenExpiredException => (null, 401, "the token has expired"),
            SecurityTokenNotYetValidException => (null, 401, "the token is not valid yet (nbf)"),
            SecurityTokenNoExpirationException => (null, 401, "the token has no expiry (exp)"),
            SecurityTokenInvalidAudienceException => (null, 401, $"the token's audience is not '{jwt.Audience}'"),
            SecurityTokenInvalidIssuerException => (null, 401, "the token was issued by an issuer this API does not trust"),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => (null, 401, "the token's signature does not verify with the issuer's keys"),
            { } e => (null, 401, $"the token was not accepted ({e.GetType().Name})"),
            null => (null, 401, "the token was not accepted"),
        };
    }

    /// <summary>The strongest of reader/writer/admin the token's role claim carries, or null.</summary>
    public static string? Role(ClaimsPrincipal principal, JwtOptions jwt)
    {
        var prefix = jwt.RolePrefix ?? "";
        return principal.FindAll(jwt.RoleClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(v => v.StartsWith(prefix, StringComparison.Ordinal))
            .Select(v => v[prefix.Length..])
            .Where(Roles.IsValid)
            .MaxBy(Roles.Rank);
    }
}
