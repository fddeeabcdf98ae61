// English text for the first screen and the demo band, our own date, time and file fields,
// the shortcut list, QR codes and charts; same keys as ja.fields.ts (checked by its type).
// Spread into `en`.
import type { jaFields } from "./ja.fields";

export const enFields: typeof jaFields = {
  welcome: {
    title: "Welcome to Tsunagu",
    lead: "Plan, check and publish your employees' social media posts, inside the company. Where would you like to start?",
    own: "Start your company's own workspace",
    ownHelp: "An empty workspace for your own roster, posts and accounts, with the default guideline and templates.",
    name: "Company name",
    nameExample: "e.g. Minato Seiko Co., Ltd.",
    zone: "Time zone",
    language: "Language",
    start: "Start",
    demo: "See the demo",
    demoHelp: "Try everything on a fictional company, Minato Seiko, with three months of posts and people. The demo never joins a team or connects real accounts.",
    openDemo: "Open the demo",
    demoBadge: "Demo",
    demoBanner: "A fictional company's demo. Nothing here is ever published.",
  },
  files: {
    none: "No file chosen",
  },
  dates: {
    hour: "{{label}}: hour",
    minute: "{{label}}: minute",
    hourValue: "{{hour}}:",
    minuteValue: "{{minute}}",
    year: "{{label}}: year",
    month: "{{label}}: month",
    day: "{{label}}: day",
    yearValue: "{{year}}",
    monthValue: "{{month}}",
    dayValue: "{{day}}",
  },
  shortcuts: {
    title: "Keyboard shortcuts",
    screens: "Calendar, templates, roster, requests, review, guideline, accounts, dashboard, team (in that order)",
    settings: "Settings",
    newPost: "A new post for today, on the calendar",
    month: "Previous or next month, on the calendar",
    save: "Save the post being edited now (it also saves by itself)",
    escape: "Close the open post or dialog",
    help: "Open this list",
    close: "Close",
  },
  qr: {
    show: "QR code",
    hide: "Close the QR code",
    label: "QR code that opens “{{title}}”",
    help: "Scan with a phone's camera to open the post.",
    failed: "The QR code could not be made: the address is too long.",
  },
  chart: {
    at: "When",
    label: "Chart: {{title}} (the left and right arrow keys read its values)",
    keys: "Use the left and right arrow keys to hear each month's or moment's values.",
    table: "Show the numbers as a table",
  },
};
