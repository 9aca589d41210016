using Features.Host.Jobs;
using Features.Host.TrainingSets.Snapshots;

namespace Features.Host.TrainingSets.Hosting;

/// <summary>Registers the training-set job kind and its submission service on the jobs engine, and the snapshot (options bound and checked on start).</summary>
public static class TrainingSetsSetup
{
    public static IServiceCollection AddTrainingSets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TrainingSetJobs>();
        services.AddSingleton<GridBarFacts>();
        services.AddSingleton<IJobHandler, TrainingSetJobHandler>();
        services.AddSingleton(SnapshotOptions.Bind(configuration));
        services.AddSingleton<DatasetValuesIndex>();
        services.AddSingleton<SnapshotService>();
        return services;
    }
}
