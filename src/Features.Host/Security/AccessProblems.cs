using System.Security.Claims;
using Features.Host.Configuration;
using Features.Host.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Features.Host.Security;

/// <summary>
/// Turns a refused request into a problem a client can act on: 401 with a <c>WWW-Authenticate</c> challenge saying what
/// credential is missing or why it was not accepted, 403 naming the caller, its role and the role the endpoint needs,
/// 503 when a JWT issuer's keys cannot be fetched.
/// </summary>
public sealed class AccessProblems(FeaturesOptions options) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded) await next(context);
        else if (result.Forbidden) await ForbidAsync(context, policy);
        else await ChallengeAsync(context);
    }

    private async Task ChallengeAsync(HttpContext context)
    {
        var jwt = options.Auth.Jwt;
        var credential = Credentials.From(context.Request);
        if (credential is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemResponses.WriteAsync(context, 401, "Unauthorized", jwt.Enabled
                ? "this API needs an API key or a bearer token: send 'Authorization: Bearer <key or token>' or 'X-Api-Key: <key>'"
                : "this API needs an API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (an operator creates keys with 'keys create')");
            return;
        }
        var (status, reason) = AccessSchemes.SchemeFor(context, options.Auth) == JwtAccess.Scheme
            ? await JwtAccess.FailureAsync(context, jwt)
            : (401, ApiKeyAuthentication.UnknownKey);
        if (status == 401) context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await ProblemResponses.WriteAsync(context, status, status == 401 ? "Unauthorized" : "Service Unavailable", reason);
    }

    private async Task ForbidAsync(HttpContext context, AuthorizationPolicy policy)
    {
        var user = context.User;
        var who = user.Identity?.AuthenticationType == JwtAccess.Scheme
            ? $"the token of '{user.FindFirst("sub")?.Value ?? "?"}'"
            : $"the key '{user.FindFirst(ClaimTypes.Name)?.Value ?? "?"}'";
        var held = user.FindAll(Roles.ClaimType).Select(c => c.Value).Where(Roles.IsValid).MaxBy(Roles.Rank);
        var required = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Where(Roles.IsValid).MinBy(Roles.Rank);
        var request = context.Request;
        var detail = held is null
            ? user.Identity?.AuthenticationType == JwtAccess.Scheme
                ? $"{who} carries no role ({string.Join(", ", Roles.All)}) in its '{options.Auth.Jwt.RoleClaim}' claim"
                : $"{who} carries no role ({string.Join(", ", Roles.All)})"
            : $"{who} has role '{held}'; {request.Method} {request.Path} needs role '{required ?? "?"}'";
        await ProblemResponses.WriteAsync(context, 403, "Forbidden", detail);
    }
}
