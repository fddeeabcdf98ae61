// English text for accounts that stay alive, costs that are visible and posts proven live.
import type { jaLive } from "./ja.live";

export const enLive: typeof jaLive = {
  publishing: {
    proof: { verified: "Verified live", unverified: "Published (verifying)", by_hand: "Posted by hand" },
    proofHelp: {
      verified: "Read back from the platform at {{time}}: it is live.",
      unverified: "The platform accepted the post. Tsunagu reads it back within a few minutes to make sure.",
      by_hand: "A person posted it by hand and recorded its address.",
    },
    cost: "X cost {{amount}}",
  },
  accounts: {
    expiryOn: "Connection ends {{date}}",
    expirySource: { platform: "confirmed by the platform", assumed: "estimated from the day it was connected" },
    checkExpiry: "Ask the platforms for expiry dates",
    checked: "Checked the connections: {{read}} read from the platform, {{renewed}} renewed ahead of time, {{invalid}} no longer valid.",
    xSpendOf: "X spending of {{name}}",
    xSpend: "This month: {{spent}}",
    xSpendCapped: "This month: {{spent}} of {{cap}}",
    xCap: "Monthly cap (USD)",
    xCapNone: "No cap",
    xCapInvalid: "Enter an amount in dollars (for example 10 or 12.50). Leave it empty for no cap.",
  },
  calendar: {
    connectionEnded: " — the connection to {{account}} will have ended by this post's time: reconnect it on the Accounts screen",
  },
  editor: {
    xCostLabel: "Estimated X cost",
    xCost: "Posting this on X costs about {{amount}}",
    xCostLink: "Posting this on X costs about {{amount}} (a post with a link costs over ten times one without)",
    xMonth: "This month so far: {{spent}}",
    xMonthCapped: "This month so far: {{spent}} of {{cap}}",
    xOverCap: "At its time this post would pass the monthly cap, so it will not be sent. Review the cap on the Accounts screen.",
  },
};
