using NewsClassifier.Application.Webhooks;

namespace NewsClassifier.Application.Tests.Webhooks;

public class WebhookSignatureTests
{
    [Fact]
    public void The_signature_matches_the_standard_webhooks_test_vector()
    {
        // From the Standard Webhooks specification's reference libraries.
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void A_new_secret_carries_32_random_bytes_and_signs_what_a_receiver_verifies()
    {
        var secret = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(secret, "msg_1", now, "{\"a\":1}");
        Assert.True(WebhookReceiver.Verify(secret, "msg_1", now.ToString(), signature, "{\"a\":1}"));
        Assert.False(WebhookReceiver.Verify(secret, "msg_1", now.ToString(), signature, "{\"a\":2}"), "an altered body does not verify");
        Assert.False(WebhookReceiver.Verify(WebhookSignature.NewSecret(), "msg_1", now.ToString(), signature, "{\"a\":1}"), "another secret does not verify");
    }
}
