using System.Net;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Jobs;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Api.TrainingSets;

public sealed class WideLayoutTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task The_wide_download_holds_every_long_value_under_symbol_column_names_and_null_where_a_symbol_has_no_row(string backend)
    {
        var client = ApiClient.Client(backend);
        var quotes = ReferenceData.Quotes("default.csv");
        var (full, gappy) = (ApiClient.NewSymbol(), ApiClient.NewSymbol());
        await client.IngestAsync(full, "1d", Csv.From(quotes));
        // Every fifth bar missing: those timestamps have a row of the first symbol only.
        await client.IngestAsync(gappy, "1d", Csv.From(quotes.Where((_, i) => i % 5 != 0)));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        var (status, submitted) = await client.PostJsonAsync("/api/v1/training-sets", new
        {
            features = new[] { new { feature_id = sma, alias = "sma2" } },
            symbols = new[] { full, gappy },
            timeframe = "1d",
            start_date = "2018-03-01",
            end_date = "2018-06-01",
            label = new { kind = "forward_return" },
        });
        status.ShouldBe(HttpStatusCode.Accepted, submitted?.ToJsonString());
        var id = submitted!["id"]!.GetValue<string>();
        await client.WaitForJobAsync(id);

        var longTable = ParquetFiles.Read(await client.GetByteArrayAsync($"/api/v1/training-sets/{id}/data?format=parquet"));
        var wide = ParquetFiles.Read(await client.GetByteArrayAsync($"/api/v1/training-sets/{id}/data?format=parquet&layout=wide"));

        var valueColumns = longTable.Keys.Where(k => k is not ("timestamp" or "symbol")).ToList();
        valueColumns.ShouldBe(["sma2__sma", "label", "label_start", "label_end"]);
        var symbols = new[] { full, gappy }.Order(StringComparer.Ordinal).ToList();
        wide.Keys.ShouldBe(["timestamp", .. symbols.SelectMany(s => valueColumns.Select(c => $"{s}__{c}"))]);
        var stamps = longTable["timestamp"].Distinct().ToList();
        wide["timestamp"].ShouldBe(stamps);

        var seen = 0;
        for (var row = 0; row < longTable["timestamp"].Count; row++)
        {
            var at = stamps.IndexOf(longTable["timestamp"][row]);
            var symbol = (string)longTable["symbol"][row]!;
            foreach (var column in valueColumns) wide[$"{symbol}__{column}"][at].ShouldBe(longTable[column][row], $"{symbol} {column} at {longTable["timestamp"][row]}");
            seen++;
        }
        // Cells without a long row are null: the gappy symbol's missing days.
        var cells = stamps.Count * symbols.Count;
        (cells - seen).ShouldBeGreaterThan(0);
        wide[$"{gappy}__sma2__sma"].Count(v => v is null).ShouldBe(cells - seen);

        var csv = System.Text.Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/api/v1/training-sets/{id}/data?format=csv&layout=wide"));
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + stamps.Count);

        var (badStatus, problem) = await client.GetJsonAsync($"/api/v1/training-sets/{id}/data?layout=tall");
        badStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldContain("layout");
    }
}
