//! Fitting text to a width: cutting a line with an ellipsis, and wrapping a paragraph the way
//! Japanese is set (between any two characters, but never starting a line with closing
//! punctuation, 行頭禁則) while Latin words and numbers move to the next line whole.

use super::Doc;

/// Characters that must not begin a line in Japanese typesetting (行頭禁則).
const NO_LINE_START: &str = "、。，．,.」』）〕】〉》！？!?ー…ゃゅょっャュョッぁぃぅぇぉァィゥェォ";

impl Doc {
    /// `s` cut to fit `width` at `size`, with an ellipsis when cut.
    pub fn fit(&self, s: &str, size: f64, width: f64) -> String {
        if self.width(s, size) <= width {
            return s.to_string();
        }
        let room = width - self.width("…", size);
        let mut used = 0.0;
        let mut out = String::new();
        for c in s.chars() {
            let cw = self.face.width(c.encode_utf8(&mut [0; 4]), size);
            if used + cw > room {
                break;
            }
            used += cw;
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Lines of `s` that fit `width`: Japanese wraps between any two characters except before
    /// closing punctuation, Latin text between words.
    pub fn wrap(&self, s: &str, size: f64, width: f64) -> Vec<String> {
        let mut lines = Vec::new();
        for para in s.split('\n') {
            let mut line = String::new();
            let mut used = 0.0;
            for c in para.chars() {
                let cw = self.face.width(c.encode_utf8(&mut [0; 4]), size);
                // Closing punctuation never starts a line (禁則): it hangs past the edge.
                if !line.is_empty() && used + cw > width && !NO_LINE_START.contains(c) {
                    // A Latin word or a number in progress goes to the next line whole.
                    let part_of_word =
                        |ch: char| ch.is_ascii_alphanumeric() || "'-.,()\"".contains(ch);
                    let carry = if c.is_ascii_alphanumeric() {
                        line.char_indices()
                            .rev()
                            .take_while(|(_, ch)| part_of_word(*ch))
                            .last()
                            .map(|(i, _)| i)
                            .filter(|&i| i > 0)
                    } else {
                        None
                    };
                    match carry {
                        Some(i) => {
                            let tail = line[i..].to_string();
                            line.truncate(i);
                            let kept = line.trim_end().to_string();
                            lines.push(kept);
                            line = tail;
                            used = self.face.width(&line, size);
                        }
                        None => {
                            lines.push(std::mem::take(&mut line));
                            used = 0.0;
                        }
                    }
                }
                used += cw;
                line.push(c);
            }
            lines.push(line);
        }
        lines
    }
}
