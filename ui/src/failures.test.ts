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
