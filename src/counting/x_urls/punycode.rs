//! How long a label is once encoded for DNS: X refuses a URL whose labels are too long.

/// The length of the Punycode encoding (RFC 3492) of `input` code points, without `xn--`.
/// Code points rather than a string: X's scanner works on UTF-16 units, and a domain it finds
/// may begin with the second half of an emoji, which its encoder takes as a code point.
pub(super) fn punycode_len(input: &[u32]) -> usize {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn adapt(delta: u32, points: u32, first: bool) -> u32 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }
    let basic = input.iter().filter(|c| **c < 0x80).count();
    let mut out = basic + usize::from(basic > 0);
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    let mut handled = basic;
    while handled < input.len() {
        let Some(m) = input.iter().copied().filter(|c| *c >= n).min() else {
            break;
        };
        let points = u32::try_from(handled + 1).unwrap_or(u32::MAX);
        delta = delta.saturating_add((m - n).saturating_mul(points));
        n = m;
        for c in input {
            if *c < n {
                delta = delta.saturating_add(1);
            }
            if *c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, points, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.saturating_add(1);
        n = n.saturating_add(1);
    }
    out
}
