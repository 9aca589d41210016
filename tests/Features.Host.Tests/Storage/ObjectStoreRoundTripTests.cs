using System.Security.Cryptography;
using Features.Host.Storage.Objects;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Storage;

/// <summary>
/// Bytes in equal bytes out, on the real S3-protocol server: the aws-chunked trap (a body stored with its
/// chunk framing) would show here as a different length or hash, read back by an independent client.
/// </summary>
public sealed class ObjectStoreRoundTripTests
{
    public static TheoryData<int> Sizes => new() { 0, 1, 65_535, 5 * 1024 * 1024 + 17 };

    private static (S3ObjectStore Store, string Bucket) RealStore()
    {
        if (!Backends.RealConfigured)
        {
            if (ReferenceData.IsCi) throw new InvalidOperationException("FEATURES_TEST_S3_URL is not set under CI=true: run scripts/test.sh");
            return (null!, "");
        }
        var bucket = "roundtrip-" + Guid.NewGuid().ToString("N")[..16];
        return (new S3ObjectStore(new S3Options { ServiceUrl = Backends.S3Url, Bucket = bucket, AccessKey = "S3RVER", SecretKey = "S3RVER" }), bucket);
    }

    [Theory, MemberData(nameof(Sizes))]
    public async Task An_object_reads_back_byte_for_byte_through_our_store_and_an_independent_client(int size)
    {
        var (store, bucket) = RealStore();
        if (store is null) return; // outside CI without the servers started by scripts/test.sh
        using var _ = store;
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            await store.PutAsync(file, "_tmp/x.bin", "round/trip.bin", CancellationToken.None);

            await using (var read = await store.OpenReadAsync("round/trip.bin", CancellationToken.None))
            using (var copy = new MemoryStream())
            {
                await read.CopyToAsync(copy);
                copy.ToArray().ShouldBe(bytes);
            }

            // An independent client with the SDK's defaults for reading: what any other S3 user would see.
            using var client = Backends.S3Client();
            using var response = await client.GetObjectAsync(bucket, "round/trip.bin");
            using var raw = new MemoryStream();
            await response.ResponseStream.CopyToAsync(raw);
            raw.Length.ShouldBe(size);
            SHA256.HashData(raw.ToArray()).ShouldBe(SHA256.HashData(bytes));
            (await store.ExistsAsync("_tmp/x.bin", CancellationToken.None)).ShouldBeFalse("no temporary object is left behind");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
