using System.Net;
using System.Security.Cryptography;
using Features.Host.Tests.Infrastructure;

namespace Features.Host.Tests.Plugins;

public sealed class TrustAndDescriptorTests
{
    [Fact]
    public async Task With_trust_mode_sha256_only_listed_plugins_load_and_the_rest_are_refused_in_status()
    {
        var v1 = await TestPlugins.FolderAsync(TestPlugins.ProbeV1);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(v1, "Probe.dll"))));
        await using var host = PluginSandbox.Start(Backends.Embedded, new { mode = "sha256", sha256 = new[] { sha } }, null,
            v1, await TestPlugins.FolderAsync(TestPlugins.JsonOld));

        (await host.AvailableAsync()).Select(p => p!["key"]!.GetValue<string>()).ShouldBe(["test.probe"]);
        var status = await host.StatusAsync();
        status["trust"]!.GetValue<string>().ShouldBe("sha256");
        var refused = status["failed"]!.AsArray().Single();
        refused!["folder"]!.GetValue<string>().ShouldBe(Path.Combine(host.Root, "JsonOld"));
        refused["reason"]!.GetValue<string>().ShouldStartWith("untrusted: SHA-256 ");
        refused["reason"]!.GetValue<string>().ShouldContain("JsonOld.dll is not listed in plugins.json trust.sha256");

        // A rebuilt DLL is a different hash: hot-reloading an unlisted v2 takes the plugin away.
        File.Copy(Path.Combine(await TestPlugins.FolderAsync(TestPlugins.ProbeV2), "Probe.dll"), Path.Combine(host.Root, "Probe", "Probe.dll"), overwrite: true);
        await host.WaitForAsync(a => a.Count == 0, "untrusted v2 refused");
        (await host.StatusAsync())["failed"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Available_describes_a_plugin_with_its_origin_parameters_outputs_and_warm_up()
    {
        var v1 = await TestPlugins.FolderAsync(TestPlugins.ProbeV1);
        await using var host = PluginSandbox.Start(Backends.Embedded, null, null, v1);
        var probe = PluginSandbox.Find(await host.AvailableAsync(), "test.probe")!;

        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(v1, "Probe.dll"))));
        probe["type"]!.GetValue<string>().ShouldBe("statistical");
        probe["declared_version"]!.GetValue<string>().ShouldBe("1.0.0");
        probe["version"]!.GetValue<string>().ShouldBe("1.0.0+" + sha[..16]);
        probe["assembly_sha256"]!.GetValue<string>().ShouldBe(sha);
        probe["assembly"]!.GetValue<string>().ShouldBe("Probe.dll");
        probe.AsObject().ContainsKey("folder").ShouldBeFalse("where a plugin lies on disk is for admins, in /plugins/status");
        (await host.StatusAsync())["loaded"]!.AsArray().Single(p => p!["key"]!.GetValue<string>() == "test.probe")!["folder"]!.GetValue<string>()
            .ShouldBe(Path.Combine(host.Root, "Probe"));
        probe["description"]!.GetValue<string>().ShouldBe("Test probe v1: close times 1.");

        var parameters = probe["parameters"]!.AsArray();
        parameters.Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["mode", "hang_ms", "period"]);
        var mode = parameters[0]!;
        mode["type"]!.GetValue<string>().ShouldBe("choice");
        mode["default"]!.GetValue<string>().ShouldBe("ok");
        mode["allowed_values"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["ok", "throw", "hang"]);
        mode["description"]!.GetValue<string>().ShouldStartWith("ok computes");
        var hang = parameters[1]!;
        hang["type"]!.GetValue<string>().ShouldBe("integer");
        hang["default"]!.GetValue<long>().ShouldBe(0);
        hang["minimum"]!.GetValue<double>().ShouldBe(0);
        hang["maximum"]!.GetValue<double>().ShouldBe(60000);

        probe["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["probe", "shared_sdk"]);
        probe["outputs"]![0]!["description"]!.GetValue<string>().ShouldBe("close times 1");
        probe["warmup"]!.GetValue<string>().ShouldBe("period bars");
        probe["warmup_bars_default"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public async Task The_type_filter_lists_only_that_family_and_an_unknown_type_is_422_naming_the_field()
    {
        var client = ApiClient.Client(Backends.Embedded);
        var (_, all) = await client.GetJsonAsync("/api/v1/features/plugins/available");
        var types = all!.AsArray().Select(p => p!["type"]!.GetValue<string>()).Distinct().ToList();
        types.ShouldContain("technical");
        types.ShouldContain("macro");
        foreach (var type in types)
        {
            var (status, body) = await client.GetJsonAsync($"/api/v1/features/plugins/available?type={type}");
            status.ShouldBe(HttpStatusCode.OK);
            var listed = body!.AsArray();
            listed.ShouldAllBe(p => p!["type"]!.GetValue<string>() == type);
            listed.Count.ShouldBe(all.AsArray().Count(p => p!["type"]!.GetValue<string>() == type));
        }
        var (news, newsBody) = await client.GetJsonAsync("/api/v1/features/plugins/available?type=news");
        news.ShouldBe(HttpStatusCode.OK);
        newsBody!.AsArray().ShouldAllBe(p => p!["type"]!.GetValue<string>() == "news");

        var (bad, problem) = await client.GetJsonAsync("/api/v1/features/plugins/available?type=bogus");
        bad.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["type"]);
    }
}
