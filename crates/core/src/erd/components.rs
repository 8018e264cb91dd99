//! Connected components and packing.
//!
//! Contract: [`components`] splits `n` nodes into the connected components of the (undirected)
//! edge list: each component's nodes ascending, components ordered by size (descending) then by
//! smallest node — an order that does not change when a column is added somewhere. [`pack`] places
//! component rectangles (in that order) on shelves left to right, top to bottom, `gap` apart, with
//! a row width chosen from the total area (quantised, so small size changes rarely move a row
//! break) but never narrower than the widest component. Single tables therefore end up in tidy rows
//! after the connected diagrams. Rectangles never overlap.

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
    comps.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    comps
}

/// Shelf packing of `(width, height)` rectangles; returns top-left corners.
pub fn pack(sizes: &[(f64, f64)], gap: f64) -> Vec<[f64; 2]> {
    let area: f64 = sizes.iter().map(|&(w, h)| (w + gap) * (h + gap)).sum();
    let widest = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    // Aim for a landscape-ish 16:10 sheet; quantise to 400 units for stability.
    let target = ((area * 1.6).sqrt() / 400.0).ceil() * 400.0;
    let row_w = target.max(widest);
    let mut out = Vec::with_capacity(sizes.len());
    let (mut x, mut y, mut shelf_h) = (0.0f64, 0.0f64, 0.0f64);
    for &(w, h) in sizes {
        if x > 0.0 && x + w > row_w {
            x = 0.0;
            y += shelf_h + gap;
            shelf_h = 0.0;
        }
        out.push([x, y]);
        x += w + gap;
        shelf_h = shelf_h.max(h);
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
