using FastEndpoints;
using Features.Host.Errors;
using Features.Host.MarketData;
using Features.Host.Security;
using Features.Host.Validation;

namespace Features.Host.Api.MarketData.Bars;

public sealed class Request
{
    public string? Symbol { get; set; }
    public string? Timeframe { get; set; }
    [BindFrom("start_date")]
    public string? StartDate { get; set; }
    [BindFrom("end_date")]
    public string? EndDate { get; set; }
}

public sealed record BarRead(DateTime Timestamp, double Open, double High, double Low, double Close, double Volume);

/// <summary>The bars of one series in [start_date, end_date), oldest first: what a chart draws under a feature.</summary>
internal sealed class Endpoint(BarStore store) : Endpoint<Request, List<BarRead>>
{
    /// <summary>A chart's worth; a longer range is a 422 rather than a response of hundreds of megabytes.</summary>
    public const int MaxBars = 100_000;

    public override void Configure()
    {
        Get("/api/v1/market-data/{symbol}/{timeframe}/bars");
        Policies(Access.Reader);
        Description(d => d.WithTags("market-data").ProducesProblemDetails(404).ProducesProblemDetails(422));
        Summary(s => s.Summary = $"The OHLCV bars of a series in [start_date, end_date), oldest first (at most {MaxBars:N0})");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var from = ToMicros(RequestDates.Parse(req.StartDate, out _)!.Value);
        var to = ToMicros(RequestDates.Parse(req.EndDate, out _)!.Value);
        await using var snapshot = await store.OpenSnapshotAsync(ct);
        var series = await snapshot.FindSeriesAsync(req.Symbol!, req.Timeframe!, ct)
                     ?? throw ProblemException.NotFound($"No bars for {req.Symbol} at {req.Timeframe}");
        if (await snapshot.CountAsync(series.Id, from, to, ct) > MaxBars)
        {
            throw ProblemException.Invalid("end_date", $"the range holds more than {MaxBars:N0} bars; ask for a shorter one");
        }
        var bars = new List<BarRead>();
        await foreach (var block in snapshot.ReadAsync(series.Id, from, to, 4096, ct))
        {
            for (var i = 0; i < block.Count; i++)
            {
                bars.Add(new BarRead(BarTime.ToDateTime(block.Timestamp[i])!.Value, block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]));
            }
        }
        await Send.OkAsync(bars, ct);
    }

    private static long ToMicros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;
}
