// The counting oracle: reads a JSON array of texts from the file named on the command line and
// prints, for each, X's weighted length by the official twitter-text library (the one X's own
// clients use) and the grapheme count by Intl.Segmenter (what Bluesky's clients count).
// `tests/counting_oracle.rs` runs it with NODE_PATH pointing at ui/node_modules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH ? `${process.env.NODE_PATH}/` : import.meta.url);
const twitter = require("twitter-text");
const texts = JSON.parse(readFileSync(process.argv[2], "utf8"));
const graphemes = new Intl.Segmenter("ja", { granularity: "grapheme" });
const out = texts.map((t) => [twitter.parseTweet(t).weightedLength, [...graphemes.segment(t)].length]);
process.stdout.write(JSON.stringify(out));
