use super::*;
use crate::parse::parse;

fn plan(old: &str, new: &str, d: Dialect) -> Plan {
    diff(&parse(old, d).schema, &parse(new, d).schema, d, &DiffOptions::default())
}
