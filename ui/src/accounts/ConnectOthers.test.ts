import { describe, expect, it } from "vitest";
import { defaultApi, targetKind, TOKEN_PLATFORMS } from "./ConnectOthers";

describe("connecting token platforms", () => {
  it("knows each platform's own API and which id it takes", () => {
    expect(TOKEN_PLATFORMS).toEqual(["linkedin", "facebook", "instagram", "threads"]);
    expect(defaultApi("linkedin")).toBe("https://api.linkedin.com");
    expect(defaultApi("facebook")).toBe("https://graph.facebook.com");
    expect(defaultApi("instagram")).toBe("https://graph.instagram.com");
    expect(defaultApi("threads")).toBe("https://graph.threads.net");
    expect(targetKind("linkedin")).toBe("organisation");
    expect(targetKind("facebook")).toBe("page");
    expect(targetKind("instagram")).toBeNull();
  });
});
