namespace Features.Host.TrainingSets;

/// <summary>
/// Merges the spilled per-symbol frames into blocks of whole timestamps, rows ordered by timestamp then symbol
/// (symbols indexed in ordinal order). A block closes once it holds at least <c>rowsPerBlock</c> rows, and
/// always at a timestamp boundary, so each cross-section is complete in one block and row groups split by time.
/// </summary>
public static class TimeBlockMerger
{
    public static IEnumerable<RowBlock> Merge(FrameSpill spill, int rowsPerBlock)
    {
        var cursors = Enumerable.Range(0, spill.Count).Select(spill.Open).ToArray();
        var block = new RowBlock(spill.FeatureCount, Math.Max(16, rowsPerBlock));
        while (true)
        {
            var next = long.MaxValue;
            foreach (var cursor in cursors) if (cursor.HasRow && cursor.Timestamp < next) next = cursor.Timestamp;
            if (next == long.MaxValue) break;
            if (block.Count >= rowsPerBlock)
            {
                yield return block;
                block.Clear();
            }
            for (var s = 0; s < cursors.Length; s++)
            {
                if (cursors[s].HasRow && cursors[s].Timestamp == next) cursors[s].MoveTo(block, s);
            }
        }
        if (block.Count > 0) yield return block;
    }
}
