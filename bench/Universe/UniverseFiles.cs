namespace Features.Universe;

/// <summary>The universe as CSV files, one per symbol (SYMBOL.csv), for users who want to look at it or ingest it otherwise.</summary>
public static class UniverseFiles
{
    public static int Write(SyntheticUniverse universe, string folder)
    {
        Directory.CreateDirectory(folder);
        var days = universe.TradingDays();
        Parallel.For(0, universe.SymbolCount, i => File.WriteAllBytes(Path.Combine(folder, universe.SymbolName(i) + ".csv"), universe.Csv(i, days)));
        Console.WriteLine($"generate symbols={universe.SymbolCount} bars={(long)universe.SymbolCount * days.Count} folder={folder}");
        return 0;
    }
}
