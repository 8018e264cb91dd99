//! How many rows each end of a relationship stands for, from the foreign key's columns alone, and
//! how the diagram shows it: crow's foot glyphs (the default) or text labels, the display option
//! `diagram.ends` kept in share links (absent: crow's foot, so older links open as they did).
//!
//! Contract ([`of_edge`]), read per referencing row and per referenced row:
//! - the referenced end (`to`) is [`Card::One`] when every FK column is NOT NULL, else
//!   [`Card::ZeroOrOne`] (a NULL references nothing);
//! - the referencing end (`from`) is [`Card::ZeroOrOne`] when the FK columns are unique (or the
//!   primary key), else [`Card::ZeroOrMany`].
//!
//! A schema's constraints never say that every referenced row has a referencing one, so
//! "one or many" (`1..*`) is not derived: no constraint implies it.
//!
//! The SVG renderer draws both styles from this one answer (`svg::render_edge`), so the glyphs and
//! the labels cannot disagree.

use super::choice::ViewChoice;
use super::graph::ErdEdge;

/// One end's cardinality.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Card {
    /// Exactly one.
    One,
    /// Zero or one.
    ZeroOrOne,
    /// Zero, one or many.
    ZeroOrMany,
}

impl Card {
    /// The label alternative (UML style): `1`, `0..1`, `0..*`.
    pub fn label(self) -> &'static str {
        match self {
            Card::One => "1",
            Card::ZeroOrOne => "0..1",
            Card::ZeroOrMany => "0..*",
        }
    }

    /// What it means, in words (titles, the outline).
    pub fn words(self) -> &'static str {
        match self {
            Card::One => "exactly one",
            Card::ZeroOrOne => "zero or one",
            Card::ZeroOrMany => "zero or many",
        }
    }
}

/// Both ends of one relationship.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ends {
    /// At the referencing table: how many of its rows point at one referenced row.
    pub from: Card,
    /// At the referenced table: how many rows one referencing row points at.
    pub to: Card,
}

/// The cardinality of `e`'s two ends (see the module contract).
pub fn of_edge(e: &ErdEdge) -> Ends {
    Ends {
        from: if e.from_unique { Card::ZeroOrOne } else { Card::ZeroOrMany },
        to: if e.from_nullable { Card::ZeroOrOne } else { Card::One },
    }
}

/// How relationship ends are drawn (`diagram.ends`, kept in links).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EndStyle {
    /// Crow's foot glyphs.
    #[default]
    CrowsFoot,
    /// Text labels (`1`, `0..1`, `0..*`) beside each end.
    Labels,
}

impl ViewChoice for EndStyle {
    const KEY: &'static str = "diagram.ends";
    const ALL: &'static [EndStyle] = &[EndStyle::CrowsFoot, EndStyle::Labels];

    fn id(self) -> &'static str {
        match self {
            EndStyle::CrowsFoot => "crow",
            EndStyle::Labels => "labels",
        }
    }

    fn label(self) -> &'static str {
        match self {
            EndStyle::CrowsFoot => "Crow's foot",
            EndStyle::Labels => "1 / 0..* labels",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(nullable: bool, unique: bool) -> ErdEdge {
        ErdEdge { from_nullable: nullable, from_unique: unique, ..ErdEdge::new("a", &[0], "b", &[0]) }
    }

    #[test]
    fn every_combination_of_nullability_and_uniqueness() {
        let cases = [
            (false, false, "0..*", "1"),
            (true, false, "0..*", "0..1"),
            (false, true, "0..1", "1"),
            (true, true, "0..1", "0..1"),
        ];
        for (nullable, unique, from, to) in cases {
            let e = of_edge(&edge(nullable, unique));
            assert_eq!((e.from.label(), e.to.label()), (from, to), "nullable {nullable}, unique {unique}");
        }
    }

    /// From a parsed schema: NOT NULL / nullable FK columns, a unique FK, an FK that is the primary
    /// key, a composite FK with one nullable column.
    #[test]
    fn derived_from_the_schema_columns() {
        let sql = "CREATE TABLE orgs (id int PRIMARY KEY, code int, region int, UNIQUE (code, region));
CREATE TABLE users (id int PRIMARY KEY, org_id int NOT NULL REFERENCES orgs(id), boss_id int REFERENCES users(id),
  badge_org int UNIQUE REFERENCES orgs(id), code int NOT NULL, region int,
  FOREIGN KEY (code, region) REFERENCES orgs(code, region));
CREATE TABLE profiles (user_id int PRIMARY KEY REFERENCES users(id), bio text);";
        let g = crate::erd::from_schema(&crate::parse::parse(sql, crate::Dialect::Postgres).schema);
        let got: Vec<(String, &str, &str)> = g
            .edges
            .iter()
            .map(|e| (format!("{}({:?})", e.from.table, e.from.columns), of_edge(e).from.label(), of_edge(e).to.label()))
            .collect();
        let want = [
            ("users([1])", "0..*", "1"),
            ("users([2])", "0..*", "0..1"),
            ("users([3])", "0..1", "0..1"),
            ("users([4, 5])", "0..*", "0..1"),
            ("profiles([0])", "0..1", "1"),
        ];
        let want: Vec<(String, &str, &str)> = want.iter().map(|(a, b, c)| (a.to_string(), *b, *c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn styles_round_trip_through_their_link_value() {
        for &s in EndStyle::ALL {
            assert_eq!(EndStyle::parse(Some(s.id())), s);
        }
        assert_eq!(EndStyle::parse(None), EndStyle::CrowsFoot);
        assert_eq!(EndStyle::parse(Some("from-a-newer-version")), EndStyle::CrowsFoot);
    }
}
