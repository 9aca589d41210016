namespace Features.Host.Storage.Objects.SentAtOnce;

/// <summary>
/// A PUT that sends its body straight after its headers; the SDK's own asks to wait for "100 Continue" first. Its name must
/// stay <c>PutObjectRequest</c>: AWSSDK.S3 maps a request to its endpoint parameters (bucket, key) by the request type's
/// name, and a differently named subclass is sent without its bucket (the round-trip tests against s3rver catch that).
/// </summary>
internal sealed class PutObjectRequest : Amazon.S3.Model.PutObjectRequest
{
    protected override bool Expect100Continue => false;
}
