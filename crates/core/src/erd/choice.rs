//! A diagram display option chosen from a short list and kept in share links as a view option
//! ([`ViewChoice`]): the detail level ([`super::shown::Shown`], `diagram.detail`) and the end style
//! ([`super::cardinality::EndStyle`], `diagram.ends`). Absent or unknown link values (a newer
//! playground's) mean the default, and the default is never stored, so links made before an option
//! existed open as they always did.

/// One display option: its link key, its choices in the selector's order, and their link values
/// and labels.
pub trait ViewChoice: Copy + Default + PartialEq + 'static {
    /// The view option's key in links.
    const KEY: &'static str;
    /// Every choice, in the selector's order.
    const ALL: &'static [Self];

    /// The value kept in links.
    fn id(self) -> &'static str;

    /// What the selector says.
    fn label(self) -> &'static str;

    /// The choice whose link value is `id`, if any (the CLI's `--detail`/`--ends` refuse others).
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.id() == id)
    }

    /// The choice a link's value means; absent or unknown is the default.
    fn parse(id: Option<&str>) -> Self {
        id.and_then(Self::from_id).unwrap_or_default()
    }

    /// The link value to keep for this choice: none for the default.
    fn stored(self) -> Option<String> {
        (self != Self::default()).then(|| self.id().to_string())
    }
}
