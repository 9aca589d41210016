using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Features.Host.Storage.Objects;

namespace Features.Host.Tests.Storage;

/// <summary>
/// What an upload puts on the wire, read from a plain socket standing in for the server's side of the connection: a
/// small body follows its headers at once, a large one waits for the server's "100 Continue" as S3 recommends.
/// </summary>
public sealed class S3UploadWireTests
{
    [Fact]
    public async Task A_small_upload_sends_its_body_with_its_headers_without_waiting_for_continue()
    {
        var (headers, body, bytes) = await UploadThroughSocketAsync(100_000);
        headers.ShouldNotContain("expect:", Case.Insensitive);
        body.ShouldBe(bytes);
    }

    [Fact]
    public async Task A_large_upload_waits_for_continue_before_its_body()
    {
        var (headers, body, bytes) = await UploadThroughSocketAsync((int)S3ObjectStore.SendAtOnceBytes + 1);
        headers.ShouldContain("expect: 100-continue", Case.Insensitive);
        body.ShouldBe(bytes);
    }

    private static async Task<(string Headers, byte[] Body, byte[] Sent)> UploadThroughSocketAsync(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, bytes);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var store = new S3ObjectStore(new S3Options
        {
            ServiceUrl = $"http://127.0.0.1:{port}", Bucket = "wire", AccessKey = "k", SecretKey = "s", CreateBucket = false,
        });
        try
        {
            var upload = store.PutAsync(file, "_tmp/w.bin", "w/object.bin", CancellationToken.None, new ObjectDigests(md5));
            using var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var stream = client.GetStream();
            var received = new List<byte>();
            var buffer = new byte[65536];
            int end;
            while ((end = IndexOfBlankLine(received)) < 0)
            {
                var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                n.ShouldBeGreaterThan(0, "the connection closed before the request's headers ended");
                received.AddRange(buffer.AsSpan(0, n));
            }
            var headers = Encoding.ASCII.GetString([.. received.Take(end)]);
            headers.ShouldStartWith("PUT /wire/w/object.bin ");
            var body = new List<byte>(received.Skip(end + 4));
            if (headers.Contains("expect: 100-continue", StringComparison.OrdinalIgnoreCase))
            {
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
            }
            else
            {
                // Without the expectation the body must be on its way already: nothing here asks for it.
                while (body.Count < size) body.AddRange(buffer.AsSpan(0, await ReadSomeAsync(stream, buffer, TimeSpan.FromMilliseconds(500))));
            }
            while (body.Count < size) body.AddRange(buffer.AsSpan(0, await ReadSomeAsync(stream, buffer, TimeSpan.FromSeconds(30))));
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nETag: \"{md5}\"\r\nContent-Length: 0\r\n\r\n"));
            await upload.WaitAsync(TimeSpan.FromSeconds(30));
            return (headers, [.. body], bytes);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<int> ReadSomeAsync(NetworkStream stream, byte[] buffer, TimeSpan within)
    {
        var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(within);
        n.ShouldBeGreaterThan(0, "the connection closed before the body ended");
        return n;
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        }
        return -1;
    }
}
