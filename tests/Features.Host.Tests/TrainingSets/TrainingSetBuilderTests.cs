using Features.Host.Errors;
using Features.Host.Tests.Infrastructure;
using Features.Host.TrainingSets;
using static Features.Host.Tests.TrainingSets.TrainingSetData;

namespace Features.Host.Tests.TrainingSets;

public sealed class TrainingSetBuilderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ts-{Guid.NewGuid():N}");
    private static readonly string[] Symbols = ["AAA", "BBB", "CCC"];

    public TrainingSetBuilderTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TrainingSetPlan Plan(int endDay, IReadOnlyList<ProcessorSpec>? processors = null, SplitSpec? splits = null, bool dropIncomplete = true) => new(
        "1d", Symbols, Micros(2024, 1, 1), Micros(2024, 1, 1) + endDay * Day,
        [new MemberPlan("Close Copy", ["px", "ma"], "1d", AsOfRule.Latest)],
        new ForwardReturnLabel(), dropIncomplete, processors ?? [], splits);

    private async Task<(byte[] Bytes, TrainingSetResult Result)> BuildAsync(MemoryUniverse universe, TrainingSetPlan plan, int rowsPerBlock = 7)
    {
        universe.Plan = plan;
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.parquet");
        var result = await new TrainingSetBuilder(_directory, rowsPerBlock).BuildAsync(plan, universe, path,
            new Dictionary<string, string> { ["content_hash"] = "test" }, CancellationToken.None);
        return (await File.ReadAllBytesAsync(path), result);
    }

    [Fact]
    public async Task Rows_are_sorted_by_timestamp_then_symbol_with_named_columns_and_labels()
    {
        var universe = new MemoryUniverse(40);
        var (bytes, result) = await BuildAsync(universe, Plan(30));
        var table = ParquetFiles.Read(bytes);

        result.Columns.ShouldBe(["timestamp", "symbol", "close_copy__px", "close_copy__ma", "label", "label_start", "label_end"]);
        result.Rows.ShouldBe(90);
        var keys = table["timestamp"].Zip(table["symbol"], (t, s) => ((DateTime)t!, (string)s!)).ToList();
        keys.ShouldBe(keys.OrderBy(k => k.Item1).ThenBy(k => k.Item2, StringComparer.Ordinal).ToList());
        // The label reads the bars after end_date that the store has: row 29 of BBB is complete.
        var close = universe.CloseOf("BBB");
        var last = keys.FindLastIndex(k => k.Item2 == "BBB");
        ((double)table["label"][last]!).ShouldBe(close[31] / close[30] - 1, 1e-12);
        ((DateTime)table["label_end"][last]!).ShouldBe(new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc));
        ((double)table["close_copy__px"][last]!).ShouldBe(close[29]);
    }

    [Fact]
    public async Task Incomplete_labels_are_dropped_or_kept_null_per_the_flag()
    {
        var universe = new MemoryUniverse(30); // no bars after the grid: the last two rows of each symbol lack their label

        var (_, dropped) = await BuildAsync(universe, Plan(30));
        var (keptBytes, kept) = await BuildAsync(universe, Plan(30, dropIncomplete: false));

        dropped.Rows.ShouldBe(84);
        kept.Rows.ShouldBe(90);
        var table = ParquetFiles.Read(keptBytes);
        table["label"].Count(v => v is null).ShouldBe(6);
        table["label_end"].Count(v => v is null).ShouldBe(6);
    }

    [Fact]
    public async Task Row_groups_split_at_timestamp_boundaries_in_time_order()
    {
        var (bytes, _) = await BuildAsync(new MemoryUniverse(40), Plan(30), rowsPerBlock: 7);
        var path = Path.Combine(_directory, "groups.parquet");
        await File.WriteAllBytesAsync(path, bytes);

        using var file = new ParquetSharp.Arrow.FileReader(path);
        var groups = file.NumRowGroups;
        groups.ShouldBeGreaterThan(5);
        var previousLast = DateTime.MinValue;
        for (var g = 0; g < groups; g++)
        {
            using var reader = file.GetRecordBatchReader(rowGroups: [g], columns: [0]);
            var stamps = new List<DateTime>();
            while (await reader.ReadNextRecordBatchAsync() is { } batch)
            {
                using (batch)
                {
                    var array = (Apache.Arrow.TimestampArray)batch.Column(0);
                    for (var i = 0; i < array.Length; i++) stamps.Add(array.GetTimestampUnchecked(i).UtcDateTime);
                }
            }
            stamps[0].ShouldBeGreaterThan(previousLast); // no timestamp straddles two groups
            previousLast = stamps[^1];
        }
    }

    [Fact]
    public async Task Truncating_the_end_date_changes_no_feature_value_of_an_earlier_row()
    {
        var universe = new MemoryUniverse(45);
        var full = ParquetFiles.Read((await BuildAsync(universe, Plan(40))).Bytes);
        var cut = ParquetFiles.Read((await BuildAsync(universe, Plan(25))).Bytes);

        cut["timestamp"].Count.ShouldBe(75);
        foreach (var column in new[] { "timestamp", "symbol", "close_copy__px", "close_copy__ma", "label_start", "label_end" })
        {
            cut[column].ShouldBe(full[column].Take(75).ToList(), column);
        }
    }

    [Fact]
    public async Task Revising_one_bar_changes_only_that_symbols_affected_rows()
    {
        var universe = new MemoryUniverse(40);
        var before = ParquetFiles.Read((await BuildAsync(universe, Plan(30))).Bytes);
        universe.CloseOf("BBB")[20] *= 1.1;
        var after = ParquetFiles.Read((await BuildAsync(universe, Plan(30))).Bytes);

        var changed = new HashSet<(string, DateTime)>();
        for (var r = 0; r < before["timestamp"].Count; r++)
        {
            foreach (var column in new[] { "close_copy__px", "close_copy__ma", "label" })
            {
                if (!Equals(before[column][r], after[column][r])) changed.Add(((string)before["symbol"][r]!, (DateTime)before["timestamp"][r]!));
            }
        }
        var day = (int d) => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(d);
        // px on day 20, ma on days 20-22, the label of day 18 (exit 20) and day 19 (entry 20).
        changed.ShouldBe([("BBB", day(18)), ("BBB", day(19)), ("BBB", day(20)), ("BBB", day(21)), ("BBB", day(22))], ignoreOrder: true);
    }

    [Fact]
    public async Task The_same_request_writes_byte_identical_files()
    {
        var universe = new MemoryUniverse(40);
        var plan = Plan(30, [new CsZScore(ColumnSelection.All)], new PurgedKFold(3, 0.1));

        var first = await BuildAsync(universe, plan);
        var second = await BuildAsync(universe, plan);

        first.Bytes.ShouldBe(second.Bytes);
        first.Result.Splits.ShouldNotBeNull().Splits.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Splits_cover_the_written_rows_and_fit_on_train_statistics_come_per_split()
    {
        var universe = new MemoryUniverse(40);
        var plan = Plan(30, [new RobustZScore(new ColumnSelection.Named(["close_copy__px"]))], new PurgedKFold(3, 0.0));

        var (bytes, result) = await BuildAsync(universe, plan);

        var manifest = result.Splits.ShouldNotBeNull();
        manifest.Splits.Sum(s => s.Test.Sum(r => r[1] - r[0])).ShouldBe(result.Rows);
        var px = ParquetFiles.Read(bytes)["close_copy__px"].Select(v => (double)v!).ToArray();
        foreach (var split in manifest.Splits)
        {
            var fitted = split.Fitted.ShouldNotBeNull()["0:robust_zscore"]["close_copy__px"];
            fitted.ShouldBe(TrainFit.Statistics(px, split.Train));
            var testOnly = TrainFit.Statistics(px, split.Test);
            fitted.Median.ShouldNotBe(testOnly.Median);
        }
    }

    [Fact]
    public async Task Two_members_naming_the_same_column_are_a_422_naming_both()
    {
        var universe = new MemoryUniverse(40);
        var plan = Plan(30) with
        {
            Members = [new MemberPlan("px", ["ma"], "1d", AsOfRule.Latest), new MemberPlan("PX", ["ma"], "1d", AsOfRule.Latest)],
        };

        var problem = await Should.ThrowAsync<ProblemException>(() => BuildAsync(universe, plan));

        problem.Status.ShouldBe(422);
        problem.Errors!.Keys.ShouldContain("features");
        problem.Detail.ShouldContain("px.ma");
        problem.Detail.ShouldContain("PX.ma");
    }

    [Fact]
    public void Column_names_are_snake_case_alias_double_underscore_column()
    {
        ColumnNaming.Name("RSI 14", "rsiValue").ShouldBe("rsi_14__rsi_value");
        Should.Throw<ProblemException>(() => ColumnNaming.Assign([("my-rsi", "value"), ("My RSI", "Value")])).Status.ShouldBe(422);
        // The double underscore keeps every member column apart from the file's own columns (label, symbol, ...).
        ColumnNaming.Assign([("label", "x"), ("x", "label")]).ShouldBe(["label__x", "x__label"]);
    }

    [Fact]
    public void Content_hash_changes_with_any_member_or_label_bar_fingerprint_and_not_with_their_order()
    {
        var request = new Dictionary<string, object?> { ["timeframe"] = "1d" };
        var hash = TrainingSetHash.Compute(request, ["b", "a"], new Dictionary<string, string> { ["AAA"] = "1", ["BBB"] = "2" });

        TrainingSetHash.Compute(request, ["a", "b"], new Dictionary<string, string> { ["BBB"] = "2", ["AAA"] = "1" }).ShouldBe(hash);
        TrainingSetHash.Compute(request, ["a", "c"], new Dictionary<string, string> { ["AAA"] = "1", ["BBB"] = "2" }).ShouldNotBe(hash);
        TrainingSetHash.Compute(request, ["a", "b"], new Dictionary<string, string> { ["AAA"] = "1", ["BBB"] = "3" }).ShouldNotBe(hash);
        TrainingSetHash.Compute(new Dictionary<string, object?> { ["timeframe"] = "1h" }, ["a", "b"],
            new Dictionary<string, string> { ["AAA"] = "1", ["BBB"] = "2" }).ShouldNotBe(hash);
    }
}
