using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Features.Host.Storage.Objects;

/// <summary>Settings of an S3-compatible object store (AWS S3, MinIO, s3rver).</summary>
public sealed class S3Options
{
    /// <summary>Endpoint URL for S3-compatible servers (e.g. http://127.0.0.1:9000); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }
    public string Bucket { get; set; } = "feature-store";
    public string Region { get; set; } = "us-east-1";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    /// <summary>Path-style addressing (bucket in the path); needed by MinIO and s3rver.</summary>
    public bool ForcePathStyle { get; set; } = true;
    public bool CreateBucket { get; set; } = true;
}

/// <summary>
/// Objects in an S3 bucket. Uploads are sent with a known length and without aws-chunked encoding, and
/// checksums only when required: S3-compatible servers such as s3rver otherwise store the chunk
/// framing verbatim and the object is silently corrupted.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3Options _options;
    private readonly SemaphoreSlim _bucketGate = new(1, 1);
    private volatile bool _bucketReady;

    public S3ObjectStore(S3Options options)
    {
        _options = options;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        _s3 = options.AccessKey is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey ?? ""), config)
            : new AmazonS3Client(config);
    }

    public string Bucket => _options.Bucket;

    public string ProviderName => "s3";

    public string UriFor(string key) => $"s3://{_options.Bucket}/{key}";

    /// <summary>Uploads are checked by MD5 (the ETag); a writer that takes it as it writes saves reading the file back.</summary>
    public bool ChecksMd5 => true;

    /// <summary>
    /// One PUT straight to the final key: S3 makes an object visible only once its upload completed, so
    /// no reader ever sees a partial object (the temporary key is for stores without that guarantee).
    /// The body is sent with its MD5 (<c>Content-MD5</c>: the server refuses a body that arrives different) and the
    /// returned ETag is checked against it, which catches a body the server stored differently from what was sent
    /// (the aws-chunked trap). Known <paramref name="digests"/> spare our read of the file for its MD5. The SDK's signer
    /// still reads it once for the payload's SHA-256: AWSSDK.Core 4.1 removes a preset <c>x-amz-content-sha256</c>
    /// before it signs, so the known SHA-256 cannot be handed to it (docs/BENCHMARKS.md, "s3rver's per-request costs").
    /// </summary>
    public async Task PutAsync(string localFile, string temporaryKey, string finalKey, CancellationToken ct, ObjectDigests? digests = null)
    {
        var md5 = digests?.Md5;
        if (md5 is null)
        {
            await using var file = File.OpenRead(localFile);
            md5 = Convert.ToHexStringLower(await System.Security.Cryptography.MD5.HashDataAsync(file, ct));
        }
        await PutAsync(finalKey, new FileInfo(localFile).Length, request => request.FilePath = localFile, md5, ct);
    }

    /// <summary>Datasets up to this size are handed over in memory (<see cref="ObjectMove.Bytes"/>) rather than as temp files.</summary>
    public int InMemoryUpToBytes => 8 * 1024 * 1024;

    /// <summary>A file as <see cref="PutAsync(string, string, string, CancellationToken, ObjectDigests?)"/> does, or bytes held in memory sent as they are.</summary>
    public Task MoveInAsync(ObjectMove move, CancellationToken ct)
    {
        if (move.Bytes is not { } bytes) return PutAsync(move.LocalFile, move.TemporaryKey, move.FinalKey, ct, move.Digests);
        var md5 = move.Digests?.Md5 ?? Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes.Span));
        return PutAsync(move.FinalKey, bytes.Length, request => request.InputStream = ReadOnly(bytes), md5, ct);
    }

    private static MemoryStream ReadOnly(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private async Task PutAsync(string finalKey, long length, Action<PutObjectRequest> body, string md5, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        // A small body goes with its headers: waiting for "100 Continue" costs a round trip per object, and the server
        // may refuse a small body as cheaply as it refuses the headers alone.
        var request = length <= SendAtOnceBytes ? new SentAtOnce.PutObjectRequest() : new PutObjectRequest();
        request.BucketName = _options.Bucket;
        request.Key = finalKey;
        body(request);
        request.UseChunkEncoding = false;
        request.ContentType = "application/vnd.apache.parquet";
        request.MD5Digest = Convert.ToBase64String(Convert.FromHexString(md5));
        var response = await Guard(() => _s3.PutObjectAsync(request, ct), finalKey);
        var etag = response.ETag?.Trim('"');
        if (etag is { Length: 32 } && !string.Equals(etag, md5, StringComparison.OrdinalIgnoreCase))
        {
            await DeleteAsync(finalKey, CancellationToken.None);
            throw new ObjectStoreUnavailableException($"the object store stored '{finalKey}' with MD5 {etag}, but {md5} was sent; the object was removed");
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        var response = await Guard(() => _s3.GetObjectAsync(_options.Bucket, key, ct), key);
        return new ResponseStream(response);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        try
        {
            await Guard(() => _s3.GetObjectMetadataAsync(_options.Bucket, key, ct), key);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    public async Task<long?> SizeAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await Guard(() => _s3.GetObjectMetadataAsync(_options.Bucket, key, ct), key);
            return head.ContentLength;
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct) =>
        await Guard(() => _s3.DeleteObjectAsync(_options.Bucket, key, ct), key);

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await EnsureBucketAsync(ct);
        string? token = null;
        do
        {
            var page = await Guard(() => _s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _options.Bucket,
                Prefix = prefix,
                ContinuationToken = token,
            }, ct), prefix);
            foreach (var o in page.S3Objects ?? []) yield return new StoredObject(o.Key, (o.LastModified ?? DateTime.UtcNow).ToUniversalTime());
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    public async Task<string?> CheckAsync(CancellationToken ct)
    {
        try
        {
            await EnsureBucketAsync(ct);
            // A prefix that holds nothing: the answer stays small and never needs a continuation token.
            await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = "_health/", MaxKeys = 1 }, ct);
            return null;
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or HttpRequestException or ObjectStoreUnavailableException or IOException or TaskCanceledException)
        {
            return $"S3 bucket '{_options.Bucket}' at {_options.ServiceUrl ?? "AWS"} is unreachable: {e.Message}";
        }
    }

    private async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (_bucketReady || !_options.CreateBucket) return;
        await _bucketGate.WaitAsync(ct);
        try
        {
            if (_bucketReady) return;
            await Guard(async () =>
            {
                try
                {
                    await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, ct);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists" || e.StatusCode == HttpStatusCode.Conflict)
                {
                }
                return 0;
            }, _options.Bucket);
            _bucketReady = true;
        }
        finally
        {
            _bucketGate.Release();
        }
    }

    private static async Task<T> Guard<T>(Func<Task<T>> call, string key)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ObjectNotFoundException(key);
        }
        catch (AmazonServiceException e) when ((int)e.StatusCode >= 500)
        {
            throw new ObjectStoreUnavailableException($"object store error on '{key}': {e.Message}", e);
        }
        catch (Exception e) when (e is AmazonClientException || e is HttpRequestException || e is IOException || (e is TaskCanceledException && e.InnerException is TimeoutException))
        {
            throw new ObjectStoreUnavailableException($"object store unreachable while accessing '{key}': {e.Message}", e);
        }
    }

    public void Dispose()
    {
        _s3.Dispose();
        _bucketGate.Dispose();
    }

    /// <summary>Bodies up to this size are sent without <c>Expect: 100-continue</c>.</summary>
    internal const long SendAtOnceBytes = 8 * 1024 * 1024;

    /// <summary>Disposes the S3 response with the stream.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await _inner.ReadAsync(buffer, cancellationToken);
            }
            catch (AmazonClientException e) when (e.Message.Contains("hash", StringComparison.OrdinalIgnoreCase))
            {
                // The SDK compares the body with the ETag (MD5) at the end of the stream: the stored bytes changed.
                throw new InvalidDataException($"the object '{response.Key}' does not match the checksum the object store holds for it: {e.Message}", e);
            }
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}
