namespace Features.Host.TrainingSets.Hosting;

/// <summary>Where a built training set lives in the object store: under its content hash, so an identical request finds it.</summary>
public static class TrainingSetObjects
{
    public static string Data(string hash) => $"training-sets/{hash}/data.parquet";

    public static string Splits(string hash) => $"training-sets/{hash}/splits.json";
}
