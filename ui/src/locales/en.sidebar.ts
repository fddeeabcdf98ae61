// English text of the sidebar's signs, with the same keys as ja.sidebar.ts (checked by its
// type). Spread into `en`.
import type { jaSidebar } from "./ja.sidebar";

export const enSidebar: typeof jaSidebar = {
  nextPost: {
    label: "Next post",
    needsPc: "Next post: {{time}}, if this PC is on",
    platformHolds: "Next post: {{time}} (the platform publishes it; this PC may be off)",
  },
  expiryBadge: {
    label: "Connections ending",
    ends: "The connection to {{name}} ends in {{count}} day(s)",
    ended: "The connection to {{name}} has ended",
    more: "and {{count}} more",
  },
  intakeBadge: { open: "Phone page open", left: "{{minutes}} min left", label: "Open the phone page screen" },
};
