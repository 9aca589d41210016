using System.Globalization;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Host.Tests.Plugins;

/// <summary>Bars and helpers shared by the plugin host tests.</summary>
internal static class PluginTestData
{
    public static Bar[] Bars => ReferenceData.Quotes("default.csv");

    public static async Task<string> IngestAsync(HttpClient client)
    {
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Bars));
        return symbol;
    }

    /// <summary>The close of the bar at a preview row's timestamp.</summary>
    public static double CloseAt(JsonNode row)
    {
        var ts = DateTime.Parse(row["timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var micros = (ts.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        return Bars.Single(b => b.Timestamp == micros).Close;
    }

    public static string Id(JsonNode feature) => feature["id"]!.GetValue<string>();
}
