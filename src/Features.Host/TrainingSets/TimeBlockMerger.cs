namespace Features.Host.TrainingSets;

/// <summary>
/// Merges the spilled per-symbol frames into blocks of whole timestamps, rows ordered by timestamp then symbol
/// (symbols indexed in ordinal order). A block closes once it holds at least <c>rowsPerBlock</c> rows, and
/// always at a timestamp boundary, so each cross-section is complete in one block and row groups split by time.
/// Each block comes from <c>takeBlock</c> (empty), so a consumer may hold a block while the next one fills.
/// </summary>
public static class TimeBlockMerger
{
    public static IEnumerable<RowBlock> Merge(FrameSpill spill, int rowsPerBlock, Func<RowBlock> takeBlock)
    {
        var cursors = Enumerable.Range(0, spill.Count).Select(spill.Open).ToArray();
        var block = takeBlock();
        while (true)
        {
            var next = long.MaxValue;
            foreach (var cursor in cursors) if (cursor.HasRow && cursor.Timestamp < next) next = cursor.Timestamp;
            if (next == long.MaxValue) break;
            if (block.Count >= rowsPerBlock)
            {
                yield return block;
                block = takeBlock();
            }
            for (var s = 0; s < cursors.Length; s++)
            {
                if (cursors[s].HasRow && cursors[s].Timestamp == next) cursors[s].MoveTo(block, s);
            }
        }
        if (block.Count > 0) yield return block;
    }
}
