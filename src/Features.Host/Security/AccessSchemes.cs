using Features.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Features.Host.Security;

/// <summary>
/// Who the caller is (authentication schemes) and what each role may do (one policy per role, which every stronger role
/// satisfies). Endpoints declare the policy they need in their own <c>Configure()</c>; nothing here looks at paths or verbs.
/// </summary>
public static class AccessSchemes
{
    /// <summary>The default scheme: forwards to <see cref="OpenAccess"/> when auth is off, else to JWT for a bearer credential shaped like a JWT, else to <see cref="ApiKeyAuthentication"/>.</summary>
    public const string Default = "Features";

    public static void AddFeaturesAccess(this IServiceCollection services, FeaturesOptions options)
    {
        var auth = options.Auth;
        var authentication = services.AddAuthentication(Default)
            .AddPolicyScheme(Default, "API key, JWT bearer token, or open when auth is off", o => o.ForwardDefaultSelector = context => SchemeFor(context, auth))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, OpenAccess>(OpenAccess.SchemeName, null);
        authentication.AddJwtAccess(auth.Jwt);
        services.AddAuthorization(o =>
        {
            foreach (var role in Roles.All)
            {
                o.AddPolicy(Access.PolicyFor(role), p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(role)));
            }
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblems>();
    }

    /// <summary>The scheme that judges this request's credential.</summary>
    public static string SchemeFor(HttpContext context, AuthOptions auth)
    {
        if (!auth.Enabled) return OpenAccess.SchemeName;
        return auth.Jwt.Enabled && Credentials.Bearer(context.Request) is { } bearer && JwtAccess.IsJwt(bearer) ? JwtAccess.Scheme : ApiKeyAuthentication.SchemeName;
    }
}

/// <summary>The policy names endpoints declare with <c>Policies(...)</c>: the weakest role that may call them.</summary>
public static class Access
{
    public const string Reader = "role:" + Roles.Reader;
    public const string Writer = "role:" + Roles.Writer;
    public const string Admin = "role:" + Roles.Admin;

    public static string PolicyFor(string role) => "role:" + role;
}
