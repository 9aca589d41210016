using System.Net;
using System.Net.Http.Headers;
using Features.Host.Security;
using Features.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Api.Auth;

/// <summary>GET /api/v1/auth/me: what a client (the web UI) learns about the caller to decide which buttons to show.</summary>
public sealed class MeTests
{
    private static readonly Lazy<FeaturesApp> Secured = new(() => FeaturesApp.Start(Backends.Embedded, new Dictionary<string, string?> { ["Features:Auth:Enabled"] = "true" }));

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Writer)]
    [InlineData(Roles.Admin)]
    public async Task A_key_learns_its_own_name_and_role(string role)
    {
        var (_, secret) = await Secured.Value.Services.GetRequiredService<ApiKeyStore>().CreateAsync("me " + role, role, CancellationToken.None);
        using var client = Secured.Value.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var (status, body) = await client.GetJsonAsync("/api/v1/auth/me");

        status.ShouldBe(HttpStatusCode.OK);
        body!["role"]!.GetValue<string>().ShouldBe(role);
        body["name"]!.GetValue<string>().ShouldBe("me " + role);
        body["auth_enabled"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Without_a_key_the_answer_is_401_when_auth_is_on()
    {
        using var client = Secured.Value.CreateClient();
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task With_auth_off_every_caller_is_an_admin()
    {
        var (status, body) = await ApiClient.Client(Backends.Embedded).GetJsonAsync("/api/v1/auth/me");
        status.ShouldBe(HttpStatusCode.OK);
        body!["role"]!.GetValue<string>().ShouldBe(Roles.Admin);
        body["auth_enabled"]!.GetValue<bool>().ShouldBeFalse();
    }
}
