using Features.Host.TrainingSets;

namespace Features.Host.Tests.TrainingSets;

public sealed class FrameSpillTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"spill-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    // Each value names where it came from, so a row read from the wrong frame, row or column cannot pass.
    private static double Value(int symbol, int row, int column) => symbol * 1_000_000 + row * 100 + column + 0.5;

    private static SymbolFrame Frame(int symbol, int rows, int features, int firstDay) => new(
        [.. Enumerable.Range(firstDay, rows).Select(day => (long)day)],
        [.. Enumerable.Range(0, features).Select(c => Enumerable.Range(0, rows).Select(r => Value(symbol, r, c)).ToArray())],
        [.. Enumerable.Range(0, rows).Select(r => -Value(symbol, r, 0))],
        [.. Enumerable.Range(0, rows).Select(r => (long)(firstDay + r) * 10)],
        [.. Enumerable.Range(0, rows).Select(r => (long)(firstDay + r) * 10 + 1)]);

    [Fact]
    public void The_merge_reads_back_every_spilled_value_in_time_then_symbol_order_across_chunk_reloads()
    {
        // Frames longer than a cursor's chunk, of unequal lengths and starts, one of a single row.
        (int Rows, int FirstDay)[] shapes = [(FrameSpill.ChunkRows * 2 + 37, 0), (FrameSpill.ChunkRows + 1, 100), (1, 5), (300, 3)];
        const int features = 5;
        using var spill = new FrameSpill(_directory, features);
        for (var s = 0; s < shapes.Length; s++) spill.Add(Frame(s, shapes[s].Rows, features, shapes[s].FirstDay));

        var read = new List<(long T, int S, double[] X, double Label, long Start, long End)>();
        var blocks = new Queue<RowBlock>();
        foreach (var block in TimeBlockMerger.Merge(spill, 50, () => new RowBlock(features, 16)))
        {
            for (var r = 0; r < block.Count; r++)
            {
                read.Add((block.Timestamp[r], block.Symbol[r], [.. Enumerable.Range(0, features).Select(c => block.Features[c][r])],
                    block.Label[r], block.LabelStart[r], block.LabelEnd[r]));
            }
        }

        var expected = shapes.SelectMany((shape, s) => Enumerable.Range(0, shape.Rows).Select(r => (T: (long)(shape.FirstDay + r), S: s, Row: r)))
            .OrderBy(e => e.T).ThenBy(e => e.S).ToList();
        read.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (t, s, row) = expected[i];
            read[i].T.ShouldBe(t);
            read[i].S.ShouldBe(s);
            read[i].X.ShouldBe([.. Enumerable.Range(0, features).Select(c => Value(s, row, c))]);
            read[i].Label.ShouldBe(-Value(s, row, 0));
            read[i].Start.ShouldBe(t * 10);
            read[i].End.ShouldBe(t * 10 + 1);
        }
    }
}
