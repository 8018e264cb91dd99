//! Connected components and packing.
//!
//! Contract: [`components`] splits `n` nodes into the connected components of the (undirected)
//! edge list: each component's nodes ascending, components ordered by size (descending) then by
//! smallest node — an order that does not change when a column is added somewhere. [`pack`] places
//! component rectangles (in that order) bottom-left on a skyline, `gap` apart, in a sheet whose
//! width is chosen from the total area (quantised, so small size changes rarely move a break; of
//! that width, its two neighbours on the grid and the widest component's, the one giving the
//! smallest bounding box) but never narrower than the widest component: each rectangle goes to the highest free spot where
//! it fits, so small components and single tables fill the space beside a tall diagram instead of
//! starting a shelf below it. Rectangles never overlap. O(k²) for k rectangles.

/// Connected components (see module doc for the order).
pub fn components(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (a, b) in edges {
        if a >= n || b >= n {
            continue;
        }
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi] = lo;
        }
    }
    let mut index_of_root = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for v in 0..n {
        let r = find(&mut parent, v);
        if index_of_root[r] == usize::MAX {
            index_of_root[r] = comps.len();
            comps.push(Vec::new());
        }
        comps[index_of_root[r]].push(v);
    }
    crate::sort::by(&mut comps, |a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    comps
}

/// Tallest height : width ratio of a sheet chosen for its smaller area ([`pack`]).
pub const SHEET_TALLEST: f64 = 1.6;

/// Skyline (bottom-left) packing of `(width, height)` rectangles; returns top-left corners.
pub fn pack(sizes: &[(f64, f64)], gap: f64) -> Vec<[f64; 2]> {
    let area: f64 = sizes.iter().map(|&(w, h)| (w + gap) * (h + gap)).sum();
    let widest = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    // Aim for a landscape-ish 16:10 sheet; quantise to 400 units for stability.
    let target = ((area * 1.6).sqrt() / 400.0).ceil() * 400.0;
    // The target's neighbours on the 400 grid and the widest rectangle are tried too; the
    // smallest bounding box wins (ties: the earlier candidate), so a few small components do not
    // leave a half-empty sheet.
    let mut best: Option<(f64, Vec<[f64; 2]>)> = None;
    let mut widths: Vec<f64> = Vec::with_capacity(4);
    for w in [target.max(widest), target - 400.0, target + 400.0, widest] {
        if w >= widest && !widths.contains(&w) {
            widths.push(w);
        }
    }
    for (k, w) in widths.into_iter().enumerate() {
        let p = pack_in(sizes, gap, w + gap);
        let (mut x1, mut y1) = (0.0f64, 0.0f64);
        for (q, s) in p.iter().zip(sizes) {
            x1 = x1.max(q[0] + s.0);
            y1 = y1.max(q[1] + s.1);
        }
        // Another width only when its sheet is no taller than a landscape one would be: one
        // narrow column of everything is small but unreadable.
        let shaped = k == 0 || y1 <= x1 * SHEET_TALLEST;
        if shaped && best.as_ref().is_none_or(|b| x1 * y1 < b.0 - 1e-6) {
            best = Some((x1 * y1, p));
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}

/// [`pack`] into a sheet `row_w` wide.
fn pack_in(sizes: &[(f64, f64)], gap: f64, row_w: f64) -> Vec<[f64; 2]> {
    // The skyline: (x, width, top y of the free space) pieces covering 0..row_w, left to right.
    let mut sky: Vec<(f64, f64, f64)> = vec![(0.0, row_w, 0.0)];
    let mut out = Vec::with_capacity(sizes.len());
    for &(w, h) in sizes {
        let (w, h) = (w + gap, h + gap);
        // Lowest spot (then leftmost) where the rectangle starts at a piece and fits the width.
        let mut best: Option<(f64, f64, usize)> = None;
        for i in 0..sky.len() {
            let x = sky[i].0;
            if x + w > row_w + 1e-9 && x > 0.0 {
                break;
            }
            let mut top: f64 = 0.0;
            for piece in &sky[i..] {
                if piece.0 >= x + w - 1e-9 {
                    break;
                }
                top = top.max(piece.2);
            }
            if best.is_none_or(|b| top < b.0 - 1e-9) {
                best = Some((top, x, i));
            }
        }
        let (y, x, i) = best.unwrap_or((0.0, 0.0, 0));
        out.push([x, y]);
        // Replace the covered part of the skyline by the rectangle's bottom.
        let end = x + w;
        let mut next: Vec<(f64, f64, f64)> = sky[..i].to_vec();
        next.push((x, w, y + h));
        for &(px, pw, py) in &sky[i..] {
            if px + pw <= end + 1e-9 {
                continue;
            }
            if px < end {
                next.push((end, px + pw - end, py));
            } else {
                next.push((px, pw, py));
            }
        }
        // Merge neighbours at the same height.
        sky.clear();
        for p in next {
            match sky.last_mut() {
                Some(last) if (last.2 - p.2).abs() < 1e-9 => last.1 = p.0 + p.1 - last.0,
                _ => sky.push(p),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_orders() {
        let c = components(6, vec![(4, 5), (0, 2), (5, 3), (9, 1)]);
        assert_eq!(c, vec![vec![3, 4, 5], vec![0, 2], vec![1]]);
        assert!(components(0, vec![]).is_empty());
    }

    #[test]
    fn small_rectangles_fill_the_space_beside_a_tall_one() {
        // A tall diagram and six small tables: shelves would put the tables below or in one row
        // beside it; the skyline stacks them beside it, so the sheet is no taller than the diagram.
        let mut sizes = vec![(400.0, 1000.0)];
        sizes.extend(std::iter::repeat_n((150.0, 200.0), 6));
        let p = pack(&sizes, 20.0);
        let bottom = (0..sizes.len()).map(|i| p[i][1] + sizes[i].1).fold(0.0, f64::max);
        assert_eq!(bottom, 1000.0, "{p:?}");
    }

    /// The chosen sheet's bounding box is never larger than the one of the area-based width
    /// alone (the only width tried before), and a few small components no longer leave half of it
    /// empty.
    #[test]
    fn the_smallest_sheet_wins() {
        let bbox = |sizes: &[(f64, f64)], p: &[[f64; 2]]| {
            let (mut x1, mut y1) = (0.0f64, 0.0f64);
            for (q, s) in p.iter().zip(sizes) {
                x1 = x1.max(q[0] + s.0);
                y1 = y1.max(q[1] + s.1);
            }
            x1 * y1
        };
        let mut rng = crate::rng::Rng(3);
        let mut smaller = 0;
        for _ in 0..200 {
            let k = 1 + rng.below(8);
            let sizes: Vec<(f64, f64)> = (0..k).map(|_| (80.0 + rng.below(400) as f64, 60.0 + rng.below(500) as f64)).collect();
            let area: f64 = sizes.iter().map(|&(w, h)| (w + 48.0) * (h + 48.0)).sum();
            let widest = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
            let target = ((area * 1.6).sqrt() / 400.0).ceil() * 400.0;
            let old = bbox(&sizes, &pack_in(&sizes, 48.0, target.max(widest) + 48.0));
            let new = bbox(&sizes, &pack(&sizes, 48.0));
            assert!(new <= old + 1e-6, "{sizes:?}: {new} > {old}");
            let p = pack(&sizes, 48.0);
            let tall = (0..k).map(|i| p[i][1] + sizes[i].1).fold(0.0, f64::max);
            let wide = (0..k).map(|i| p[i][0] + sizes[i].0).fold(0.0, f64::max);
            assert!(new == old || tall <= wide * SHEET_TALLEST + 1e-6, "{sizes:?}");
            smaller += usize::from(new < old - 1e-6);
        }
        assert!(smaller > 20, "{smaller}");
    }

    #[test]
    fn packing_never_overlaps() {
        let sizes: Vec<(f64, f64)> = (0..40).map(|i| (100.0 + (i * 37 % 200) as f64, 50.0 + (i * 53 % 300) as f64)).collect();
        let p = pack(&sizes, 20.0);
        for i in 0..sizes.len() {
            for j in i + 1..sizes.len() {
                let sep = p[i][0] + sizes[i].0 <= p[j][0]
                    || p[j][0] + sizes[j].0 <= p[i][0]
                    || p[i][1] + sizes[i].1 <= p[j][1]
                    || p[j][1] + sizes[j].1 <= p[i][1];
                assert!(sep, "{i} {j}");
            }
        }
    }
}
