//! Signed log segments: what a device writes reads back exactly; torn, altered, forged,
//! misattributed, out-of-order and rewritten segments are each refused with their reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tsunagu::sync::segment::{
    fingerprint, read_segment, segment_name, write_segment, DeviceKey, Rejected,
};
use tsunagu::sync::transport::{MemoryTransport, Transport};

fn changes(from: u64, n: u64) -> Vec<(u64, Vec<u8>)> {
    (from..from + n)
        .map(|i| {
            (
                1_000 + i,
                format!("{{\"op\":\"patch\",\"n\":{i}}}").into_bytes(),
            )
        })
        .collect()
}

#[test]
fn a_device_s_log_reads_back_exactly_across_segments() {
    let key = DeviceKey::generate();
    let device = key.public();
    let (first, head) = write_segment(&key, (0, [0; 32]), &changes(1, 3));
    let (second, head2) = write_segment(&key, head, &changes(4, 2));
    let a = read_segment(&first, &device, (0, [0; 32])).unwrap();
    assert_eq!(a.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(a[0].payload, b"{\"op\":\"patch\",\"n\":1}");
    assert_eq!(a[1].prev, a[0].hash, "each entry names the one before");
    let last = a.last().unwrap();
    let b = read_segment(&second, &device, (last.seq, last.hash)).unwrap();
    assert_eq!(b.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![4, 5]);
    assert_eq!((b[1].seq, b[1].hash), head2);
    // Through a transport, under names that sort in order.
    let t = MemoryTransport::default();
    t.put_immutable(&segment_name("dev-a", 1, 3), &first)
        .unwrap();
    t.put_immutable(&segment_name("dev-a", 4, 5), &second)
        .unwrap();
    assert_eq!(
        t.list("log/dev-a/").unwrap(),
        vec![
            "log/dev-a/000000000001-000000000003.seg",
            "log/dev-a/000000000004-000000000005.seg"
        ]
    );
    // The key survives the keychain round trip; the fingerprint is what people compare.
    let again = DeviceKey::from_secret(&key.secret());
    assert_eq!(again.public(), device);
    assert_eq!(key.fingerprint(), fingerprint(&device));
    assert_eq!(key.fingerprint().len(), 19);
    assert!(
        !format!("{key:?}").contains(&format!("{:?}", key.secret())),
        "the secret never prints"
    );
}

#[test]
fn damaged_forged_and_out_of_order_segments_are_refused_with_the_reason() {
    let key = DeviceKey::generate();
    let device = key.public();
    let (first, head) = write_segment(&key, (0, [0; 32]), &changes(1, 3));
    let (second, _) = write_segment(&key, head, &changes(4, 2));
    let start = (0, [0u8; 32]);
    // Torn: a copy that stopped half way, at any length.
    for cut in [0, 7, 40, first.len() / 2, first.len() - 1] {
        assert_eq!(
            read_segment(&first[..cut], &device, start),
            Err(Rejected::Torn),
            "cut at {cut}"
        );
    }
    // A flipped byte anywhere.
    for at in [10, 60, first.len() / 2, first.len() - 40] {
        let mut bad = first.clone();
        bad[at] ^= 0x40;
        let r = read_segment(&bad, &device, start);
        assert!(
            matches!(r, Err(Rejected::Checksum | Rejected::Torn)),
            "byte {at}: {r:?}"
        );
    }
    // A forger who rewrites a payload and fixes the checksum: the signature gives it away.
    let mut forged = first.clone();
    let pos = forged.windows(3).position(|w| w == b"\"n\"").unwrap() + 4;
    forged[pos] = b'9';
    let body = forged.len() - 32;
    let sum: [u8; 32] = sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(
        &forged[..body],
    ))
    .into();
    forged[body..].copy_from_slice(&sum);
    assert_eq!(
        read_segment(&forged, &device, start),
        Err(Rejected::BadSignature { seq: 1 })
    );
    // Another device's segment, or one signed by another key claiming this device.
    let other = DeviceKey::generate();
    let (theirs, _) = write_segment(&other, (0, [0; 32]), &changes(1, 1));
    assert_eq!(
        read_segment(&theirs, &device, start),
        Err(Rejected::WrongDevice)
    );
    // A missing middle segment: the next one waits.
    assert_eq!(
        read_segment(&second, &device, start),
        Err(Rejected::Gap {
            expected: 1,
            found: 4
        })
    );
    // A laptop restored from a backup rewrites its log from change 3 on: refused.
    let a = read_segment(&first, &device, start).unwrap();
    let (rewritten, _) = write_segment(&key, (a[1].seq, a[1].hash), &[(5_000, b"other".to_vec())]);
    let restored_head = (a[2].seq, a[2].hash);
    let (fork, _) = write_segment(&key, (3, [7; 32]), &changes(4, 1));
    assert_eq!(
        read_segment(&fork, &device, restored_head),
        Err(Rejected::BrokenChain { seq: 4 })
    );
    assert_ne!(
        rewritten, first,
        "a rewritten range differs from what was sent"
    );
    // Every reason reads as a sentence.
    assert!(Rejected::Gap {
        expected: 4,
        found: 9
    }
    .to_string()
    .contains("4 to 8"));
}
