using System.Net;
using Features.Host.Configuration;

namespace Features.Host.Security;

/// <summary>Refuses to serve on a non-loopback address with authentication off, unless the operator said so explicitly.</summary>
public static class NetworkExposure
{
    /// <summary>The configured listen URLs (urls, http_ports/https_ports, Kestrel endpoints); empty means ASP.NET Core's default, localhost:5000.</summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        var urls = new List<string>();
        foreach (var key in new[] { "urls", "ASPNETCORE_URLS" })
        {
            if (configuration[key] is { Length: > 0 } value) urls.AddRange(value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        foreach (var key in new[] { "http_ports", "https_ports", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            // Ports alone bind every interface.
            if (configuration[key] is { Length: > 0 } value) urls.AddRange(value.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p.Trim()}"));
        }
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls;
    }

    public static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        string host;
        if (rest.StartsWith('['))
        {
            host = rest[1..rest.IndexOf(']')];
        }
        else
        {
            host = rest.Split('/')[0];
            var colon = host.LastIndexOf(':');
            if (colon >= 0) host = host[..colon];
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Throws when the host would listen beyond loopback without authentication.</summary>
    public static void Check(FeaturesOptions options, IConfiguration configuration)
    {
        if (options.Auth.Enabled || options.Auth.AllowAnonymousOnNetwork) return;
        var exposed = ConfiguredUrls(configuration).Where(u => !IsLoopback(u)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"refusing to listen on {string.Join(", ", exposed)} with authentication off: anyone on the network could change or delete features. " +
                "Set Features:Auth:Enabled=true (and create keys with 'keys create'), listen on 127.0.0.1 only, " +
                "or set Features:Auth:AllowAnonymousOnNetwork=true if a proxy in front authenticates.");
        }
    }
}
