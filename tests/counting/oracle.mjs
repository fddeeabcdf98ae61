// The counting oracle: reads texts from standard input, one JSON string a line, and answers
// each on its own line with X's weighted length by the official twitter-text library (the one
// X's own clients use) and the grapheme count by Intl.Segmenter (what Bluesky's clients count).
// `tests/counting_oracle.rs` keeps one running (NODE_PATH pointing at ui/node_modules) and
// asks it about every text its property test generates, shrunk ones included.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(process.env.NODE_PATH ? `${process.env.NODE_PATH}/` : import.meta.url);
const twitter = require("twitter-text");
const graphemes = new Intl.Segmenter("ja", { granularity: "grapheme" });
for await (const line of createInterface({ input: process.stdin })) {
  const t = JSON.parse(line);
  process.stdout.write(`${JSON.stringify([twitter.parseTweet(t).weightedLength, [...graphemes.segment(t)].length])}\n`);
}
