using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Api.MarketData;

/// <summary>
/// A raw CSV body is parsed as it arrives, on a thread of its own, while the batches before are written: what the
/// spooled path promised must still hold when the bad line comes after batches already went into the transaction.
/// </summary>
public sealed class StreamedIngestionTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private const long Minute = 60_000_000;
    private static readonly long Start = Csv.Micros("2021-01-04T00:00:00Z");

    /// <summary>A minute-bar CSV of <paramref name="count"/> bars from <see cref="Start"/>; <paramref name="bad"/> (0-based bar) gets high below low.</summary>
    private static byte[] MinuteBars(int count, int bad = -1, int offset = 0)
    {
        var csv = new StringBuilder("timestamp,open,high,low,close,volume\n", count * 60);
        for (var i = 0; i < count; i++)
        {
            var t = DateTime.UnixEpoch.AddTicks((Start + (offset + i) * Minute) * 10);
            var price = 100 + i % 97 * 0.01;
            var high = i == bad ? price - 2 : price + 1;
            csv.Append(t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))
               .Append(',').Append(price).Append(',').Append(high).Append(',').Append(price - 1).Append(',').Append(price).Append(',').Append(i % 1000).Append('\n');
        }
        return Encoding.ASCII.GetBytes(csv.ToString());
    }

    private static async Task<(long BarCount, long Revision)?> SeriesAsync(HttpClient client, string symbol)
    {
        var (_, list) = await client.GetJsonAsync("/api/v1/market-data");
        var series = list!.AsArray().FirstOrDefault(s => s!["symbol"]!.GetValue<string>() == symbol);
        return series is null ? null : (series["bar_count"]!.GetValue<long>(), series["revision"]!.GetValue<long>());
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_bad_line_after_two_written_batches_is_refused_naming_it_and_stores_nothing(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var stored = await client.IngestAsync(symbol, "1m", MinuteBars(10));

        // Batches are 65,536 bars: the bad bar is in the third, after two batches were upserted in the transaction.
        const int bad = 140_000;
        var (status, problem) = await client.IngestRawAsync(symbol, "1m", MinuteBars(150_000, bad));

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["detail"]!.GetValue<string>().ShouldContain($"line {bad + 2}");
        problem["detail"]!.GetValue<string>().ShouldContain("is below low");
        (await SeriesAsync(client, symbol)).ShouldBe((10L, stored["revision"]!.GetValue<long>()), "the refused upload left the series as it was");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_long_sorted_upload_is_stored_whole_in_full_chunks_and_an_identical_one_changes_nothing(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        const int count = 3 * 65_536 + 100;

        var result = await client.IngestAsync(symbol, "1m", MinuteBars(count));
        result["inserted"]!.GetValue<int>().ShouldBe(count);
        result["bar_count"]!.GetValue<long>().ShouldBe(count);
        result["revision"]!.GetValue<long>().ShouldBe(1);
        result["first_timestamp"]!.GetValue<string>().ShouldStartWith("2021-01-04T00:00:00");

        // Appends fill chunks to the brim: every chunk but the last holds 4,096 bars, one after another.
        var contexts = TestHosts.Get(backend).Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var id = (await db.Series.SingleAsync(s => s.Symbol == symbol)).Id;
            var chunks = await db.BarChunks.Where(c => c.SeriesId == id).OrderBy(c => c.FirstTimestamp).Select(c => new { c.FirstTimestamp, c.BarCount }).ToListAsync();
            chunks.Count.ShouldBe((count + 4095) / 4096);
            chunks.SkipLast(1).ShouldAllBe(c => c.BarCount == 4096);
            chunks.Select(c => c.FirstTimestamp).ShouldBe(chunks.Select((_, i) => Start + i * 4096L * Minute));
        }

        var again = await client.IngestAsync(symbol, "1m", MinuteBars(count));
        again["unchanged"]!.GetValue<int>().ShouldBe(count);
        again["revision"]!.GetValue<long>().ShouldBe(1);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_Parquet_file_sent_as_text_csv_is_recognised_by_its_first_bytes(string backend)
    {
        var client = ApiClient.Client(backend);
        var result = await client.IngestAsync(ApiClient.NewSymbol(), "1d", ParquetFiles.Bars(ReferenceData.Quotes("default.csv")[..20]), "text/csv");
        result["inserted"]!.GetValue<int>().ShouldBe(20);
        result["first_timestamp"]!.GetValue<string>().ShouldStartWith("2017-01-03T00:00:00");
    }

    [Fact]
    public async Task An_empty_body_is_refused_naming_the_body()
    {
        var client = ApiClient.Client(Infrastructure.Backends.Embedded);
        var (status, problem) = await client.IngestRawAsync(ApiClient.NewSymbol(), "1d", []);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem.ErrorFields().ShouldContain("body");
    }

    [Fact]
    public async Task A_body_sent_without_a_length_is_parsed_as_it_comes_and_a_bad_line_in_it_stores_nothing()
    {
        // Sent chunked (no Content-Length): the parser reads it as it comes.
        var client = ApiClient.Client(Infrastructure.Backends.Embedded);
        var symbol = ApiClient.NewSymbol();
        using var content = new StreamContent(new NonSeekableStream(MinuteBars(1_000, bad: 500)));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync($"/api/v1/market-data/{symbol}/1m", content);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("line 502");
        (await SeriesAsync(client, symbol)).ShouldBeNull();
    }

    /// <summary>A stream whose length is unknown, so the client sends it chunked.</summary>
    internal sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
