//! `flag_gif`: a small, valid GIF for each country code, generated in code.

use super::CountryCode;

/// Width and height of every generated flag, in pixels (3:2, like most flags).
const WIDTH: u16 = 30;
const HEIGHT: u16 = 20;

/// Colours the generated flags are painted with.
const PALETTE: [[u8; 3]; 8] = [
    [0xDE, 0x29, 0x10], // red
    [0xFF, 0xFF, 0xFF], // white
    [0x00, 0x38, 0xA8], // blue
    [0x00, 0x7A, 0x3D], // green
    [0xFF, 0xCE, 0x00], // yellow
    [0x00, 0x00, 0x00], // black
    [0xFF, 0x88, 0x00], // orange
    [0x6C, 0xAC, 0xE4], // sky
];

/// The flag the server serves for `code`: a 30×20 GIF89a of a few hundred
/// bytes, a tricolour with a square in the middle whose colours and stripe
/// direction depend only on the code, so a test can compute what a
/// downloader should have saved.
///
/// The picture is LZW-coded without compression: a clear code before every
/// two pixels keeps the code width at three bits, which every GIF decoder
/// reads and which needs no dictionary in the encoder.
///
/// # Examples
///
/// ```
/// use aio_tasks::flags::{CountryCode, flag_gif};
///
/// let br = flag_gif(CountryCode::parse("BR")?);
/// assert!(br.starts_with(b"GIF89a"));
/// assert_eq!(br.last(), Some(&0x3B));
/// assert_eq!(br, flag_gif(CountryCode::parse("br")?));
/// assert_ne!(br, flag_gif(CountryCode::parse("FR")?));
/// # Ok::<(), aio_tasks::flags::InvalidCode>(())
/// ```
pub fn flag_gif(code: CountryCode) -> Vec<u8> {
    let seed = fnv1a(code.as_str().as_bytes());
    // Four distinct colours picked from the palette by the code's hash.
    let mut colours: Vec<[u8; 3]> = Vec::with_capacity(4);
    let mut bits = seed;
    while colours.len() < 4 {
        let colour = PALETTE[(bits % PALETTE.len() as u64) as usize];
        bits = bits.rotate_right(7) ^ 0x9E37_79B9_7F4A_7C15;
        if !colours.contains(&colour) {
            colours.push(colour);
        }
    }
    let vertical = seed & 1 == 1;
    let pixels = (0..HEIGHT).flat_map(|y| {
        (0..WIDTH).map(move |x| {
            let in_square = (12..18).contains(&x) && (7..13).contains(&y);
            if in_square {
                3
            } else if vertical {
                (x / (WIDTH / 3)) as u8
            } else {
                (y * 3 / HEIGHT) as u8
            }
        })
    });

    let mut gif = Vec::with_capacity(400);
    gif.extend_from_slice(b"GIF89a");
    gif.extend_from_slice(&WIDTH.to_le_bytes());
    gif.extend_from_slice(&HEIGHT.to_le_bytes());
    // A global colour table of 2^2 entries, 2 bits of colour resolution.
    gif.extend_from_slice(&[0x91, 0, 0]);
    for colour in &colours {
        gif.extend_from_slice(colour);
    }
    // The image descriptor: at (0, 0), full size, no local table.
    gif.push(0x2C);
    gif.extend_from_slice(&[0, 0, 0, 0]);
    gif.extend_from_slice(&WIDTH.to_le_bytes());
    gif.extend_from_slice(&HEIGHT.to_le_bytes());
    gif.push(0);

    const MIN_CODE_SIZE: u8 = 2;
    const CLEAR: u16 = 4;
    const END: u16 = 5;
    let mut codes = BitWriter::default();
    for (index, pixel) in pixels.enumerate() {
        if index % 2 == 0 {
            codes.push(CLEAR);
        }
        codes.push(u16::from(pixel));
    }
    codes.push(END);
    gif.push(MIN_CODE_SIZE);
    for block in codes.finish().chunks(255) {
        gif.push(block.len() as u8);
        gif.extend_from_slice(block);
    }
    gif.push(0); // the end of the image data
    gif.push(0x3B); // the trailer
    gif
}

/// Packs 3-bit codes least significant bit first, as GIF wants.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    buffer: u32,
    filled: u32,
}

impl BitWriter {
    fn push(&mut self, code: u16) {
        self.buffer |= u32::from(code) << self.filled;
        self.filled += 3;
        while self.filled >= 8 {
            self.bytes.push(self.buffer as u8);
            self.buffer >>= 8;
            self.filled -= 8;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.filled > 0 {
            self.bytes.push(self.buffer as u8);
        }
        self.bytes
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3)
    })
}
