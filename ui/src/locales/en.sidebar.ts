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
  update: {
    label: "Tsunagu update",
    available: "A new version of Tsunagu, {{version}}, is available",
    install: "Update",
    installing: "Updating…",
    later: "Later",
    installed: "Version {{version}} is installed. Restart to open it.",
    restart: "Restart now",
    problem: {
      bad_config: "The update settings file (update.json) is not valid. Ask your IT department.",
      unreachable: "The update address could not be reached. Check the network or the file share. This version keeps working.",
      bad_manifest: "The update manifest cannot be read or has no version for this computer. Ask your IT department.",
      bad_signature: "Version {{version}} is not installed: its signature does not verify, so it may not be signed with your company's key. This version keeps working.",
      downgrade: "Version {{version}} is older than this one, so it is not installed. This version keeps working.",
      busy: "Posts are being published or the team is syncing. Press Update again when it has finished.",
      install_failed: "The new version could not be written. This version keeps working; give the details to your IT department.",
    },
  },
  intakeBadge: { open: "Phone page open", left: "{{minutes}} min left", label: "Open the phone page screen" },
};
