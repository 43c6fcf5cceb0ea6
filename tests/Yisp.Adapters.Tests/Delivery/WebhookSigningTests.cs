using Yisp.Adapters.Delivery.Signing;

namespace Yisp.Adapters.Tests.Delivery;

public sealed class WebhookSigningTests
{
    // The Standard Webhooks example, its signature checked independently with openssl.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeSeconds(SpecTimestamp);

    [Fact]
    public void Signs_the_specification_example_as_the_specification_does()
    {
        Assert.Equal(SpecSignature, WebhookSigner.Sign([WebhookSecret.Parse(SpecSecret)], SpecId, SpecTime, SpecBody));
    }

    [Fact]
    public void During_a_rotation_each_secret_signs_and_either_verifies()
    {
        var header = WebhookSigner.Sign([WebhookSecret.Parse(DeliveryTestHost.Secret), WebhookSecret.Parse(DeliveryTestHost.NextSecret)], SpecId, SpecTime, SpecBody);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.Equal(WebhookVerification.Valid, Verifier(DeliveryTestHost.Secret).Verify(SpecId, $"{SpecTimestamp}", header, SpecBody));
        Assert.Equal(WebhookVerification.Valid, Verifier(DeliveryTestHost.NextSecret).Verify(SpecId, $"{SpecTimestamp}", header, SpecBody));
        Assert.Equal(WebhookVerification.NoMatchingSignature, Verifier(SpecSecret).Verify(SpecId, $"{SpecTimestamp}", header, SpecBody));
    }

    [Theory]
    [InlineData(SpecId, "1614265330", SpecSignature, SpecBody, WebhookVerification.Valid)]
    [InlineData(SpecId, "1614265330", "v1,bm90IGEgc2lnbmF0dXJl v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", SpecBody, WebhookVerification.Valid)]
    [InlineData(SpecId, "1614265330", SpecSignature, """{"test": 2432232315}""", WebhookVerification.NoMatchingSignature)]
    [InlineData("msg_other", "1614265330", SpecSignature, SpecBody, WebhookVerification.NoMatchingSignature)]
    [InlineData(SpecId, "1614265330", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", SpecBody, WebhookVerification.NoMatchingSignature)]
    [InlineData(SpecId, "1614265330", "v1,%%%", SpecBody, WebhookVerification.NoMatchingSignature)]
    [InlineData(SpecId, "1614265631", SpecSignature, SpecBody, WebhookVerification.TimestampOutOfTolerance)]
    [InlineData(SpecId, "1614265029", SpecSignature, SpecBody, WebhookVerification.TimestampOutOfTolerance)]
    [InlineData(SpecId, "16142a5330", SpecSignature, SpecBody, WebhookVerification.BadTimestamp)]
    [InlineData(null, "1614265330", SpecSignature, SpecBody, WebhookVerification.MissingHeaders)]
    [InlineData(SpecId, "1614265330", "", SpecBody, WebhookVerification.MissingHeaders)]
    public void Verifies_what_the_secret_signed_within_five_minutes(string? id, string timestamp, string signature, string body, WebhookVerification expected)
    {
        Assert.Equal(expected, Verifier(SpecSecret).Verify(id, timestamp, signature, body));
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)]
    [InlineData("whsec_not base64!", false)]
    [InlineData("whsec_", false)]
    public void A_secret_is_whsec_and_base64(string text, bool valid)
    {
        Assert.Equal(valid, WebhookSecret.TryParse(text, out _));
    }

    // The receiver's clock at the example's time, so the tolerance is tested at its edges (300 s either way).
    private static WebhookVerifier Verifier(string secret) =>
        new([WebhookSecret.Parse(secret)], new FixedTime(SpecTime));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
