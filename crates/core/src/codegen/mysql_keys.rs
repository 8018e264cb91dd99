//! MySQL targets: which indexes the generated DDL must write, given the ones InnoDB makes itself.
//!
//! MariaDB creates an index for a foreign key no key serves and names it after the FK's written
//! name (`tests/realdb/fixtures/mysql/fk_implicit_indexes.sql`). Our generators always write the
//! FK's name, so such an index comes back only when it bears that name; an index InnoDB made under
//! another name (the column's, for an FK written without one) must be written out.

use crate::model::{Index, Table};

/// Whether `ix` is exactly the index MariaDB creates by itself from one of `t`'s foreign keys written
/// with its name: a plain ascending index, not unique, on that FK's columns and named like it.
pub fn fk_makes_index(t: &Table, ix: &Index) -> bool {
    let plain = !ix.unique
        && ix.predicate.is_none()
        && matches!(ix.method.as_deref(), None | Some("btree"))
        && ix.parts.iter().all(|p| p.column.is_some() && !p.descending && p.length.is_none());
    let Some(name) = ix.name.as_deref().filter(|_| plain) else { return false };
    t.foreign_keys.iter().filter(|f| !f.logical).any(|f| {
        f.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name))
            && f.columns.len() == ix.parts.len()
            && f.columns.iter().zip(&ix.parts).all(|(c, p)| p.column.as_deref().is_some_and(|pc| pc.eq_ignore_ascii_case(c)))
    })
}

/// Whether a MySQL target writes `ix`: every index the source wrote, except one a foreign key makes
/// itself under the same name (`drizzle-kit` refuses an index named like a foreign key); an index
/// InnoDB made under another name is written, or the database would name it after the FK.
pub fn writes_index(t: &Table, ix: &Index) -> bool {
    !fk_makes_index(t, ix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;

    fn table(sql: &str) -> Table {
        let p = crate::parse::parse(sql, Dialect::Mysql);
        p.schema.tables.into_iter().find(|t| t.name == "t").unwrap()
    }

    #[test]
    fn an_index_named_like_its_fk_is_made_by_the_fk() {
        let t = table("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int, a int, b int, CONSTRAINT t_ibfk_1 FOREIGN KEY (a) REFERENCES p (id), KEY t_ibfk_1 (a), CONSTRAINT fk_b1 FOREIGN KEY (b) REFERENCES p (id), CONSTRAINT fk_b2 FOREIGN KEY (b) REFERENCES p (id), KEY other (id));");
        let names: Vec<(&str, bool)> = t.indexes.iter().map(|i| (i.name.as_deref().unwrap(), writes_index(&t, i))).collect();
        // `b`: InnoDB's index, named after the later FK (MariaDB 10.11)
        assert_eq!(names, vec![("t_ibfk_1", false), ("other", true), ("fk_b2", false)]);
    }

    #[test]
    fn an_implicit_index_named_after_its_column_is_written() {
        let t = table("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int, a int, FOREIGN KEY (a) REFERENCES p (id));");
        assert_eq!(t.indexes.len(), 1);
        assert!(t.indexes[0].implicit && t.indexes[0].name.as_deref() == Some("a"));
        assert!(writes_index(&t, &t.indexes[0]), "the FK is written as t_ibfk_1: MariaDB would name its index t_ibfk_1, not a");
    }

    #[test]
    fn a_unique_or_longer_index_is_not_the_fks() {
        let t = table("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int, a int, CONSTRAINT k FOREIGN KEY (a) REFERENCES p (id), UNIQUE KEY k (a));");
        assert!(t.indexes.iter().all(|i| writes_index(&t, i)));
    }
}
