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
/// API key's role means: the strongest role the claim carries is the caller's <see cref="Roles.ClaimType"/>.
/// <see cref="AccessSchemes"/> forwards a bearer credential shaped like a JWT here.
/// </summary>
public static class JwtAccess
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public static void AddJwtAccess(this AuthenticationBuilder authentication, JwtOptions jwt)
    {
        if (!jwt.Enabled) return;
        authentication.AddJwtBearer(Scheme, o =>
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
                RoleClaimType = Roles.ClaimType,
            };
            o.Events = new JwtBearerEvents { OnTokenValidated = context => SignInWithRole(context, jwt) };
        });
    }

    /// <summary>A bearer credential shaped like a JWT (three dot-separated parts); API keys never contain a dot.</summary>
    public static bool IsJwt(string credential) => credential.Count(c => c == '.') == 2 && !credential.StartsWith(ApiKeyStore.KeyPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The validated token's claims with its role as <see cref="Roles.ClaimType"/> (none when the role claim holds no known role,
    /// which the endpoint's policy then forbids); a <see cref="Roles.ClaimType"/> claim the issuer wrote is dropped.
    /// </summary>
    private static Task SignInWithRole(TokenValidatedContext context, JwtOptions jwt)
    {
        if (context.Principal is not { } principal) return Task.CompletedTask;
        var claims = principal.Claims.Where(c => c.Type != Roles.ClaimType).Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer)).ToList();
        if (Role(principal, jwt) is { } role) claims.Add(new Claim(Roles.ClaimType, role));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "sub", Roles.ClaimType));
        return Task.CompletedTask;
    }

    /// <summary>Why the bearer token was not accepted: 401 with a reason a client can act on, or 503 when the issuer's keys cannot be fetched.</summary>
    public static async Task<(int Status, string Reason)> FailureAsync(HttpContext context, JwtOptions jwt)
    {
        var result = await context.AuthenticateAsync(Scheme);
        // Without the issuer's discovery document every token fails (as "untrusted issuer"); that is an outage, not a verdict.
        var bearer = context.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(Scheme);
        try
        {
            if (bearer.ConfigurationManager is { } configuration) await configuration.GetConfigurationAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (503, $"the token issuer's signing keys could not be fetched from {jwt.Authority}; retry shortly");
        }
        return result.Failure switch
        {
            SecurityTokenExpiredException => (401, "the token has expired"),
            SecurityTokenNotYetValidException => (401, "the token is not valid yet (nbf)"),
            SecurityTokenNoExpirationException => (401, "the token has no expiry (exp)"),
            SecurityTokenInvalidAudienceException => (401, $"the token's audience is not '{jwt.Audience}'"),
            SecurityTokenInvalidIssuerException => (401, "the token was issued by an issuer this API does not trust"),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => (401, "the token's signature does not verify with the issuer's keys"),
            { } e => (401, $"the token was not accepted ({e.GetType().Name})"),
            null => (401, "the token was not accepted"),
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
