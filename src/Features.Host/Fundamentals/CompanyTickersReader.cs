using System.Text.Json;
using Features.Host.Errors;
using Features.Host.MarketData;
using Features.Host.Storage.Entities;

namespace Features.Host.Fundamentals;

/// <summary>
/// Reads the SEC's <c>company_tickers.json</c>: <c>{"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."},...}</c>.
/// A CIK may carry several tickers (share classes); a ticker listed twice with different CIKs is refused.
/// </summary>
public static class CompanyTickersReader
{
    public static IReadOnlyList<FundamentalTicker> Read(Stream stream, int maxDepth)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException e)
        {
            throw new FundamentalFileException("company_tickers.json", (int)(e.LineNumber ?? -1) + 1, "is not valid JSON");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Error("the file must be an object of entries such as {\"0\":{\"cik_str\":320193,\"ticker\":\"AAPL\",\"title\":\"Apple Inc.\"}}");
            var byTicker = new Dictionary<string, FundamentalTicker>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                var at = $"entry \"{UserText.Shorten(entry.Name)}\"";
                if (entry.Value.ValueKind != JsonValueKind.Object) throw Error($"{at} is not an object");
                var cik = Cik(entry.Value, at);
                var ticker = Text(entry.Value, "ticker", at);
                if (!Symbols.IsValid(ticker)) throw Error($"{at}: ticker '{UserText.Shorten(ticker)}' is not a valid symbol ({Symbols.Rule})");
                var title = entry.Value.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                if (byTicker.TryGetValue(ticker, out var seen) && seen.Cik != cik)
                {
                    throw Error($"{at}: ticker {ticker} is listed for CIK {seen.Cik} and CIK {cik}");
                }
                byTicker[ticker] = new FundamentalTicker { Ticker = ticker, Cik = cik, Title = title.Length <= 256 ? title : title[..256] };
            }
            if (byTicker.Count == 0) throw Error("the file lists no tickers");
            return [.. byTicker.Values];
        }
    }

    private static long Cik(JsonElement entry, string at)
    {
        if (entry.TryGetProperty("cik_str", out var cik))
        {
            if (cik.ValueKind == JsonValueKind.Number && cik.TryGetInt64(out var number) && number > 0) return number;
            if (cik.ValueKind == JsonValueKind.String && long.TryParse(cik.GetString(), out var parsed) && parsed > 0) return parsed;
        }
        throw Error($"{at}: cik_str must be a positive whole number");
    }

    private static string Text(JsonElement entry, string property, string at) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Error($"{at}: {property} is missing");

    private static FundamentalFileException Error(string message) => new("company_tickers.json", 0, message);
}
