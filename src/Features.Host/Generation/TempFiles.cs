using Features.Host.Storage;

namespace Features.Host.Generation;

/// <summary>Local temp files of datasets being written: under the home's tmp folder, removed whatever happens.</summary>
public static class TempFiles
{
    public static string NewParquet(FeaturesPaths paths)
    {
        // A stat, not a mkdir per dataset: mkdir on an existing folder still takes the folder's write lock.
        if (!Directory.Exists(paths.TempDirectory)) Directory.CreateDirectory(paths.TempDirectory);
        return Path.Combine(paths.TempDirectory, $"{Guid.NewGuid():N}.parquet");
    }

    public static void TryDelete(string path)
    {
        try
        {
            // No existence check first: File.Delete of a missing file does nothing, and a dataset kept in memory has none.
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
