using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Features.Host.Security;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Features.Host.Tests.Security;

/// <summary>
/// JWT bearer tokens on a host with <c>Features:Auth:Jwt</c> set. The issuer is a real OIDC discovery endpoint
/// (<c>/.well-known/openid-configuration</c> and its JWKS) served by Kestrel on 127.0.0.1, so the host learns the
/// signing key the way it would from a real identity provider; tokens are minted here with that RSA key.
/// </summary>
public sealed class JwtAuthTests : IAsyncLifetime
{
    private const string Audience = "features-api";

    private static readonly Lazy<Task<Issuer>> SharedIssuer = new(Issuer.StartAsync);
    private static readonly Lazy<Task<FeaturesApp>> SharedHost = new(async () =>
    {
        var issuer = await SharedIssuer.Value;
        return FeaturesApp.Start(Infrastructure.Backends.Embedded, new Dictionary<string, string?>
        {
            ["Features:Auth:Enabled"] = "true",
            ["Features:Auth:Jwt:Authority"] = issuer.Url,
            ["Features:Auth:Jwt:Audience"] = Audience,
            ["Features:Auth:Jwt:RequireHttpsMetadata"] = "false", // the test issuer is plain http on loopback
        });
    });

    private Issuer _issuer = null!;
    private FeaturesApp _host = null!;

    public async Task InitializeAsync()
    {
        _issuer = await SharedIssuer.Value;
        _host = await SharedHost.Value;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private HttpClient Client(string? token)
    {
        var client = _host.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Reader_token_may_get_but_not_post()
    {
        var reader = Client(_issuer.Token(roles: ["reader"]));
        (await reader.GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.OK);
        (await reader.GetJsonAsync("/api/v1/market-data")).Status.ShouldBe(HttpStatusCode.OK);
        var (status, problem) = await reader.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma" });
        status.ShouldBe(HttpStatusCode.Forbidden);
        problem!["detail"]!.GetValue<string>().ShouldContain("needs role 'writer'");
        problem["detail"]!.GetValue<string>().ShouldContain("alice");
    }

    [Fact]
    public async Task Writer_token_creates_ingests_and_generates_but_may_not_delete_and_admin_token_deletes()
    {
        var writer = Client(_issuer.Token(roles: ["writer"]));
        var symbol = ApiClient.NewSymbol();
        await writer.IngestAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv").Take(60)));
        var id = (await writer.CreateFeatureAsync("technical.sma", new { period = 5 }))["id"]!.GetValue<string>();
        var generated = await writer.GenerateAsync(id, symbol, "2017-01-01", "2017-03-01");
        generated["row_count"]!.GetValue<long>().ShouldBeGreaterThan(0);

        (await writer.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var admin = Client(_issuer.Token(roles: ["admin"]));
        (await admin.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetJsonAsync($"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_strongest_role_of_an_array_claim_counts()
    {
        var both = Client(_issuer.Token(roles: ["reader", "writer"]));
        (await both.PostJsonAsync("/api/v1/features", new { name = "both", plugin_key = "technical.sma" })).Status.ShouldBe(HttpStatusCode.Created);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", "expired" },
        { "wrong audience", "audience" },
        { "wrong issuer", "issuer" },
        { "wrong signature", "signature" },
        { "unsigned", "signature" },
        { "garbage", "not accepted" },
    };

    [Theory, MemberData(nameof(BadTokens))]
    public async Task A_token_that_does_not_validate_is_401_saying_why(string kind, string reason)
    {
        var token = kind switch
        {
            "expired" => _issuer.Token(roles: ["admin"], expires: DateTime.UtcNow.AddMinutes(-10)),
            "wrong audience" => _issuer.Token(roles: ["admin"], audience: "some-other-api"),
            "wrong issuer" => _issuer.Token(roles: ["admin"], issuer: "https://evil.example/"),
            // Same kid, another key: only the signature can tell.
            "wrong signature" => _issuer.Token(roles: ["admin"], key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = _issuer.KeyId }),
            "unsigned" => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = _issuer.Url, Audience = Audience, Expires = DateTime.UtcNow.AddMinutes(5),
                Subject = new ClaimsIdentity([new Claim("sub", "alice"), new Claim("roles", "admin")]),
            }),
            _ => "aaaa.bbbb.cccc",
        };
        foreach (var (method, url) in new[] { ("GET", "/api/v1/features"), ("DELETE", $"/api/v1/features/{Guid.NewGuid()}") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _host.CreateClient().SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{kind}: {method} {url}");
            response.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadAsStringAsync()).ShouldContain(reason, Case.Insensitive);
        }
    }

    [Fact]
    public async Task A_valid_token_without_a_known_role_is_403()
    {
        foreach (var roles in new[] { Array.Empty<string>(), ["superuser"], ["Reader"] })
        {
            var (status, problem) = await Client(_issuer.Token(roles: roles)).GetJsonAsync("/api/v1/features");
            status.ShouldBe(HttpStatusCode.Forbidden, string.Join(",", roles));
            problem!["detail"]!.GetValue<string>().ShouldContain("'roles' claim");
        }
    }

    [Fact]
    public async Task Api_keys_still_work_beside_tokens_and_health_stays_anonymous()
    {
        var (_, secret) = await _host.Services.GetRequiredService<ApiKeyStore>().CreateAsync("beside jwt", Roles.Writer, CancellationToken.None);
        (await Client(secret).PostJsonAsync("/api/v1/features", new { name = "by key", plugin_key = "technical.sma" })).Status.ShouldBe(HttpStatusCode.Created);
        (await Client("fsk_unknown-key-unknown-key").GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.Unauthorized);

        var anonymous = Client(null);
        var (none, problem) = await anonymous.GetJsonAsync("/api/v1/features");
        none.ShouldBe(HttpStatusCode.Unauthorized);
        problem!["detail"]!.GetValue<string>().ShouldContain("bearer token");
        (await anonymous.GetJsonAsync("/health")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Scope_style_claims_with_a_prefix_map_to_roles()
    {
        using var host = FeaturesApp.Start(Infrastructure.Backends.Embedded, new Dictionary<string, string?>
        {
            ["Features:Auth:Enabled"] = "true",
            ["Features:Auth:Jwt:Authority"] = _issuer.Url,
            ["Features:Auth:Jwt:Audience"] = Audience,
            ["Features:Auth:Jwt:RequireHttpsMetadata"] = "false",
            ["Features:Auth:Jwt:RoleClaim"] = "scope",
            ["Features:Auth:Jwt:RolePrefix"] = "features:",
        });
        HttpClient ScopeClient(string scope)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.Token(roles: [], extra: new Claim("scope", scope)));
            return client;
        }
        (await ScopeClient("openid features:reader").GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.OK);
        (await ScopeClient("openid features:reader").PostJsonAsync("/api/v1/features", new { name = "s", plugin_key = "technical.sma" })).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ScopeClient("openid features:writer email").PostJsonAsync("/api/v1/features", new { name = "s", plugin_key = "technical.sma" })).Status.ShouldBe(HttpStatusCode.Created);
        (await ScopeClient("writer").GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.Forbidden, "without the prefix it is not a role");
    }

    [Fact]
    public async Task An_unreachable_issuer_is_503_not_a_verdict_on_the_token()
    {
        using var host = FeaturesApp.Start(Infrastructure.Backends.Embedded, new Dictionary<string, string?>
        {
            ["Features:Auth:Enabled"] = "true",
            ["Features:Auth:Jwt:Authority"] = "http://127.0.0.1:9/", // discard port: nothing listens
            ["Features:Auth:Jwt:Audience"] = Audience,
            ["Features:Auth:Jwt:RequireHttpsMetadata"] = "false",
        });
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.Token(roles: ["reader"]));
        var (status, problem) = await client.GetJsonAsync("/api/v1/features");
        status.ShouldBe(HttpStatusCode.ServiceUnavailable, problem?.ToJsonString());
        problem!["detail"]!.GetValue<string>().ShouldContain("signing keys could not be fetched");
    }

    [Theory]
    [InlineData("Features:Auth:Jwt:Audience", "", "Audience is required")]
    [InlineData("Features:Auth:Enabled", "false", "Features:Auth:Enabled=true")]
    [InlineData("Features:Auth:Jwt:RequireHttpsMetadata", "true", "must use https")]
    public void A_half_configured_issuer_refuses_to_start_naming_the_setting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Features:Auth:Enabled"] = "true",
            ["Features:Auth:Jwt:Authority"] = "http://127.0.0.1:9/",
            ["Features:Auth:Jwt:Audience"] = Audience,
            ["Features:Auth:Jwt:RequireHttpsMetadata"] = "false",
            [key] = value,
        };
        var e = Should.Throw<Exception>(() => FeaturesApp.Start(Infrastructure.Backends.Embedded, settings));
        (e.InnerException?.Message ?? e.Message).ShouldContain(message);
    }

    /// <summary>A minimal OIDC issuer: discovery document and JWKS over HTTP on a free loopback port, and the RSA key that signs.</summary>
    private sealed class Issuer
    {
        private readonly RsaSecurityKey _key;

        private Issuer(string url, RsaSecurityKey key)
        {
            Url = url;
            _key = key;
        }

        public string Url { get; }
        public string KeyId => _key.KeyId!;

        public static async Task<Issuer> StartAsync()
        {
            var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-" + Guid.NewGuid().ToString("N")[..8] };
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            string? url = null;
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = url!,
                ["jwks_uri"] = url + ".well-known/jwks.json",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            }));
            // Only the public half is published.
            var publicJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            app.MapGet("/.well-known/jwks.json", () => Results.Json(new
            {
                keys = new[] { new { kty = publicJwk.Kty, use = "sig", kid = publicJwk.Kid, alg = "RS256", n = publicJwk.N, e = publicJwk.E } },
            }));
            await app.StartAsync(); // runs for the whole test run, like the other shared hosts
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            url = address.TrimEnd('/') + "/";
            return new Issuer(url, key);
        }

        public string Token(string[] roles, string? audience = null, string? issuer = null, DateTime? expires = null, SecurityKey? key = null, Claim? extra = null)
        {
            var claims = new Dictionary<string, object> { ["sub"] = "alice" };
            if (roles.Length > 0) claims["roles"] = roles.Length == 1 ? roles[0] : roles;
            if (extra is not null) claims[extra.Type] = extra.Value;
            var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer ?? Url,
                Audience = audience ?? Audience,
                IssuedAt = expiry.AddMinutes(-15),
                NotBefore = expiry.AddMinutes(-15),
                Expires = expiry,
                Claims = claims,
                SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
            });
        }
    }
}
