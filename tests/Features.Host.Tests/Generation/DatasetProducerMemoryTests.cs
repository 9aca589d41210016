using Features.Host.Generation;
using Features.Host.Storage.Objects;

namespace Features.Host.Tests.Generation;

/// <summary>How much of a kernel pass's output may stay in memory: per dataset the store's limit, over the pass a fixed budget.</summary>
public sealed class DatasetProducerMemoryTests
{
    [Fact]
    public void A_pass_for_s3_keeps_each_dataset_up_to_the_store_limit_and_the_pass_within_its_budget()
    {
        using var s3 = new S3ObjectStore(new S3Options { ServiceUrl = "http://127.0.0.1:9", Bucket = "unused", AccessKey = "k", SecretKey = "s", CreateBucket = false });
        var perDataset = ((IObjectStore)s3).InMemoryUpToBytes;
        perDataset.ShouldBe(8 * 1024 * 1024);

        // A small feature set keeps the store's whole limit per dataset.
        DatasetProducer.InMemoryLimit(s3, 1).ShouldBe(perDataset);
        DatasetProducer.InMemoryLimit(s3, 8).ShouldBe(perDataset);
        // A wide one shares the pass budget: 150 datasets never hold more than it between them.
        var wide = DatasetProducer.InMemoryLimit(s3, 150);
        wide.ShouldBeLessThan(perDataset);
        ((long)wide * 150).ShouldBeLessThanOrEqualTo(DatasetProducer.InMemoryPassBytes);
        ((long)DatasetProducer.InMemoryLimit(s3, 14) * 14).ShouldBeLessThanOrEqualTo(DatasetProducer.InMemoryPassBytes);
    }

    [Fact]
    public void A_pass_for_the_local_folder_keeps_nothing_in_memory()
    {
        var folder = Directory.CreateTempSubdirectory("producer-memory-").FullName;
        try
        {
            var local = new LocalObjectStore(folder);
            DatasetProducer.InMemoryLimit(local, 1).ShouldBe(0);
            DatasetProducer.InMemoryLimit(local, 14).ShouldBe(0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
