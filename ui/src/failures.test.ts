import { describe, expect, it } from "vitest";
import { explainFailure } from "./failures";

describe("explainFailure", () => {
  it("recognises each kind of failure the core writes", () => {
    const cases: [string, string][] = [
      ["Bluesky refused the account's credentials (AuthenticationRequired: Invalid). Reconnect the account with a new app password.", "failure.reconnect"],
      ["The account's tokens are not in the keychain. Reconnect the account.", "failure.reconnect"],
      ["Bluesky's rate limit was reached (RateLimitExceeded: Rate Limit Exceeded)", "failure.rateLimited"],
      ["Bluesky had a server error 502 (InternalServerError)", "failure.serverError"],
      ["the Mastodon server could not be reached (error sending request)", "failure.unreachable"],
      ["No mastodon account is connected. Connect one on the Accounts screen, then retry.", "failure.noAccount"],
      ["Publishing to x is not available in this version yet; post it by hand and mark it published.", "failure.notAvailable"],
      ["An image is too large for Bluesky (BlobTooLarge).", "failure.image"],
      ["Bluesky refused the post (400 InvalidRequest: Record/text must not be longer than 300 graphemes).", "failure.refused"],
      ["The Mastodon server refused the post: Validation failed", "failure.refused"],
      ["the server answered without the post's id", "failure.strangeAnswer"],
      ["Instagram fetches images from a public address, and no media host is set. Set one in Settings → Media host, then retry.", "failure.mediaHost"],
      ["Instagram posts need at least one image. Add a photo to the post, or take Instagram off its platforms.", "failure.needsImage"],
      ["Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); this one is 300×900. Crop it and attach it again.", "failure.aspect"],
      ["LinkedIn no longer accepts API version 202610, which this Tsunagu uses (426 NONEXISTENT_VERSION: x). Update Tsunagu.", "failure.apiVersion"],
      ["LinkedIn's daily limit for this app or member is spent (429 TOO_MANY_REQUESTS: x); posts wait until it resets at midnight UTC.", "failure.dailyLimit"],
      ["Facebook asked to slow down (x (368/1390008)); Tsunagu tries again later.", "failure.slowDown"],
      ["The post could not be taken back from the platform, which may still publish it at its time (x).", "failure.takeBack"],
      ["LinkedIn refused the token: it has expired or was revoked. Reconnect the account.", "failure.reconnect"],
      ["The media host refused to store an image (403 SignatureDoesNotMatch); check the access key id and secret key in Settings → Media host.", "failure.mediaHostRefused"],
      ["The system keychain is locked or cannot be reached (locked). Open (unlock) the OS keychain; the post is sent on the next pass after that.", "failure.keychain"],
      ["Threads is still processing the post's images; it is published on the next attempt.", "failure.processing"],
    ];
    for (const [reason, key] of cases) expect(explainFailure(reason).explained?.key, reason).toBe(key);
  });

  it("keeps the status code and the number of attempts", () => {
    const r = explainFailure("Gave up after 8 attempts: Bluesky had a server error 503 (Unavailable)");
    expect(r.gaveUpAfter).toBe("8");
    expect(r.explained).toEqual({ key: "failure.serverError", params: { status: "503" } });
  });

  it("leaves texts it does not know alone", () => {
    expect(explainFailure("something new").explained).toBeNull();
  });
});
