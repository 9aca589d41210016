using Features.Host.Security;
using Features.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Security;

/// <summary>Every endpoint the host maps declares the role it needs, or is anonymous on purpose.</summary>
public sealed class EndpointAccessTests
{
    /// <summary>The only endpoints anyone may call without a key: liveness for load balancers and monitors.</summary>
    private static readonly string[] DeliberatelyAnonymous = ["GET /health"];

    /// <summary>FastEndpoints maps this route only under a test server (its route-URL cache for test clients); production never has it.</summary>
    private const string TestServerOnly = "_test_url_cache_";

    /// <summary>The weakest role each endpoint admits; a new endpoint must be added here with the role it declares.</summary>
    private static readonly Dictionary<string, string> ExpectedRole = new()
    {
        ["POST /api/v1/features"] = Roles.Writer,
        ["GET /api/v1/features"] = Roles.Reader,
        ["GET /api/v1/features/{feature_id:guid}"] = Roles.Reader,
        ["PATCH /api/v1/features/{feature_id:guid}"] = Roles.Writer,
        ["PUT /api/v1/features/{feature_id:guid}"] = Roles.Writer,
        ["DELETE /api/v1/features/{feature_id:guid}"] = Roles.Admin,
        ["POST /api/v1/features/{feature_id:guid}/generate"] = Roles.Writer,
        ["POST /api/v1/features/{feature_id:guid}/regenerate"] = Roles.Writer,
        ["GET /api/v1/features/{feature_id:guid}/versions"] = Roles.Reader,
        ["GET /api/v1/features/{feature_id:guid}/datasets/{version_hash}/data"] = Roles.Reader,
        ["GET /api/v1/features/plugins/available"] = Roles.Reader,
        ["GET /api/v1/features/plugins/status"] = Roles.Admin,
        ["POST /api/v1/market-data/{symbol}/{timeframe}"] = Roles.Writer,
        ["GET /api/v1/market-data"] = Roles.Reader,
        ["POST /api/v1/fundamentals/sec-fsds"] = Roles.Writer,
        ["POST /api/v1/fundamentals/facts"] = Roles.Writer,
        ["POST /api/v1/fundamentals/tickers"] = Roles.Writer,
        ["GET /api/v1/market-data/{symbol}/{timeframe}/bars"] = Roles.Reader,
        ["GET /api/v1/auth/me"] = Roles.Reader,
        ["POST /api/v1/feature-sets"] = Roles.Writer,
        ["GET /api/v1/feature-sets"] = Roles.Reader,
        ["GET /api/v1/feature-sets/{feature_set_id:guid}"] = Roles.Reader,
        ["PATCH /api/v1/feature-sets/{feature_set_id:guid}"] = Roles.Writer,
        ["PUT /api/v1/feature-sets/{feature_set_id:guid}"] = Roles.Writer,
        ["DELETE /api/v1/feature-sets/{feature_set_id:guid}"] = Roles.Writer,
        ["POST /api/v1/jobs"] = Roles.Writer,
        ["GET /api/v1/jobs"] = Roles.Reader,
        ["GET /api/v1/jobs/{job_id:guid}"] = Roles.Reader,
        ["POST /api/v1/news"] = Roles.Writer,
        ["POST /api/v1/news/lexicons/{name}"] = Roles.Writer,
        ["POST /api/v1/training-sets"] = Roles.Writer,
        ["GET /api/v1/training-sets/{training_set_id:guid}"] = Roles.Reader,
        ["GET /api/v1/training-sets/{training_set_id:guid}/data"] = Roles.Reader,
        ["GET /api/v1/training-sets/{training_set_id:guid}/splits"] = Roles.Reader,
        ["POST /api/v1/training-sets/snapshot"] = Roles.Writer,
        ["GET /api/v1/jobs/{job_id:guid}/items"] = Roles.Reader,
        ["GET /api/v1/jobs/{job_id:guid}/events"] = Roles.Reader,
        ["POST /api/v1/jobs/{job_id:guid}/cancel"] = Roles.Writer,
        ["POST /api/v1/jobs/{job_id:guid}/retry"] = Roles.Writer,
    };

    private static async Task<Dictionary<string, string?>> DeclaredRolesAsync()
    {
        var services = TestHosts.Get(Backends.Embedded).Services;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var declared = new Dictionary<string, string?>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.RoutePattern.RawText == TestServerOnly) continue;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            string? role;
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                role = null;
            }
            else
            {
                var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>());
                var allowed = policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList() ?? [];
                // "unprotected" fails the comparison below: an endpoint with neither a role nor AllowAnonymous.
                role = allowed.Count == 0 ? "unprotected" : string.Join("|", allowed.Order());
            }
            foreach (var method in methods) declared[$"{method} {endpoint.RoutePattern.RawText}"] = role;
        }
        return declared;
    }

    [Fact]
    public async Task Every_endpoint_declares_a_role_or_is_on_the_anonymous_allow_list()
    {
        var declared = await DeclaredRolesAsync();
        declared.Keys.ShouldContain("GET /health", "the endpoint data source was read");
        foreach (var (route, role) in declared)
        {
            if (role is null)
            {
                DeliberatelyAnonymous.ShouldContain(route, $"{route} allows anonymous callers but is not on the allow-list");
                continue;
            }
            ExpectedRole.ShouldContainKey(route, $"{route} is not in the expected table (it declares {role})");
            role.ShouldBe(string.Join("|", Roles.AtLeast(ExpectedRole[route]).Order()), route);
        }
        ExpectedRole.Keys.Concat(DeliberatelyAnonymous).Except(declared.Keys).ShouldBeEmpty("every listed endpoint exists");
    }

    [Fact]
    public void Each_role_admits_itself_and_every_stronger_role()
    {
        Roles.AtLeast(Roles.Reader).ShouldBe([Roles.Reader, Roles.Writer, Roles.Admin]);
        Roles.AtLeast(Roles.Writer).ShouldBe([Roles.Writer, Roles.Admin]);
        Roles.AtLeast(Roles.Admin).ShouldBe([Roles.Admin]);
    }
}
