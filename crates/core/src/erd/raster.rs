//! How big a PNG export of a drawing is ([`plan`]): the scale is chosen from both sides and the
//! area, within what a browser canvas holds, so a wide schema gets a wide image at a readable
//! scale instead of one side forced under a cap while the other is left half empty; when even that
//! would make the text unreadable (or the canvas is over its limits), the app exports the SVG
//! instead and says why ([`Raster::TooLarge`]).
//!
//! Limits (Chromium): a canvas side is at most 32,767 px and its area at most 268,435,456 px; a
//! `toBlob` of the largest canvases fails silently on memory-starved devices and takes seconds to
//! encode, so the plan stays at [`MAX_SIDE`] a side and [`MAX_AREA`] pixels (128 MB of RGBA).

/// At most this many pixels a side.
pub const MAX_SIDE: f64 = 16_384.0;
/// At most this many pixels in all.
pub const MAX_AREA: f64 = 32.0 * 1024.0 * 1024.0;
/// Small drawings are drawn at twice their size (crisp on high-density screens).
pub const MAX_SCALE: f64 = 2.0;
/// Below this scale 12 px column text is under 6 px: not worth a PNG.
pub const MIN_SCALE: f64 = 0.5;

/// What a PNG export of a `width × height` drawing (layout units) does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Raster {
    /// Draw it at `scale` on a `width × height` pixel canvas.
    Png { scale: f64, width: u32, height: u32 },
    /// Too large for a readable PNG: at most `scale` would fit.
    TooLarge { scale: f64 },
}

/// The PNG plan for a drawing `w × h` layout units large.
pub fn plan(w: f64, h: f64) -> Raster {
    let (w, h) = (w.max(1.0), h.max(1.0));
    let scale = MAX_SCALE.min(MAX_SIDE / w).min(MAX_SIDE / h).min((MAX_AREA / (w * h)).sqrt());
    if scale < MIN_SCALE {
        return Raster::TooLarge { scale };
    }
    // floor, so rounding never crosses a limit; at least 1 px
    let px = |v: f64| ((v * scale).floor().max(1.0)) as u32;
    Raster::Png { scale, width: px(w), height: px(h) }
}

/// What the app says when it exported the SVG instead of a PNG.
pub fn too_large_message(w: f64, h: f64, scale: f64) -> String {
    format!(
        "This diagram is {:.0} × {:.0} px: a PNG within the browser's canvas limits would draw it at {:.0} %, too small to read, so it was exported as SVG (any size, zoomable).",
        w,
        h,
        scale * 100.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: f64, h: f64) -> (f64, u32, u32) {
        match plan(w, h) {
            Raster::Png { scale, width, height } => (scale, width, height),
            r => panic!("{w}×{h}: {r:?}"),
        }
    }

    #[test]
    fn small_drawings_are_doubled() {
        assert_eq!(png(800.0, 600.0), (2.0, 1600, 1200));
        assert_eq!(png(0.0, 0.0), (2.0, 2, 2));
    }

    /// A wide drawing keeps its aspect and is scaled by its long side and its area, never by a
    /// cap on the short side: no tall half-empty image, no side or area over the limits.
    #[test]
    fn any_aspect_keeps_its_shape_within_the_limits() {
        for (w, h) in [(9_000.0, 3_000.0), (20_000.0, 2_500.0), (3_000.0, 9_000.0), (12_000.0, 11_000.0), (5_000.0, 400.0), (400.0, 30_000.0)] {
            let (s, pw, ph) = png(w, h);
            assert!(pw as f64 <= MAX_SIDE && ph as f64 <= MAX_SIDE && pw as f64 * ph as f64 <= MAX_AREA, "{w}×{h} → {pw}×{ph}");
            let aspect = (pw as f64 / ph as f64) / (w / h);
            assert!((aspect - 1.0).abs() < 0.01, "{w}×{h} → {pw}×{ph}");
            // as large as the limits allow: one of them is (nearly) reached, or the 2× cap
            let tight = s == MAX_SCALE || pw as f64 > MAX_SIDE - 2.0 || ph as f64 > MAX_SIDE - 2.0 || (pw as f64 + 1.0) * (ph as f64 + 1.0) > MAX_AREA;
            assert!(tight, "{w}×{h} → {pw}×{ph} at {s}");
        }
        // the case from issue 19: a 9,000 px wide schema keeps at least its own size (the old
        // 8,192 px cap drew it at 0.91)
        assert!(png(9_000.0, 3_000.0).0 >= 1.0);
    }

    #[test]
    fn unreadably_large_drawings_fall_back_to_svg() {
        match plan(60_000.0, 40_000.0) {
            Raster::TooLarge { scale } => {
                assert!(scale < MIN_SCALE);
                assert!(too_large_message(60_000.0, 40_000.0, scale).contains("60000 × 40000 px"));
            }
            r => panic!("{r:?}"),
        }
        assert!(matches!(plan(40_000.0, 500.0), Raster::TooLarge { .. }), "over 2× the side limit");
    }
}
