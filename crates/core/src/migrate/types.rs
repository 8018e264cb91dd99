//! Column type changes that do not rewrite the table (PostgreSQL binary-coercible widenings) and
//! MySQL's in-place VARCHAR extension.

/// A type spelling read into a canonical name, parameters and array dimensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSpec {
    pub name: String,
    pub params: Vec<String>,
    pub array_dims: usize,
}

/// Reads `varchar(20)`, `character varying`, `numeric(10, 2)[]`, `timestamp(3) with time zone`.
pub fn read(spelling: &str) -> TypeSpec {
    let s = spelling.trim().to_ascii_lowercase();
    let array_dims = s.matches('[').count() + usize::from(s.ends_with(" array"));
    let s = s.trim_end_matches(" array");
    let base_end = s.find(['(', '[']).unwrap_or(s.len());
    let mut name = s[..base_end].trim().to_string();
    let mut params = Vec::new();
    if let (Some(o), Some(c)) = (s.find('('), s.find(')')) {
        if o < c {
            params = s[o + 1..c].split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
            let tail = s[c + 1..].split('[').next().unwrap_or("").trim();
            if !tail.is_empty() {
                name = format!("{name} {tail}");
            }
        }
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name.rsplit('.').next().unwrap_or(&name).trim_matches('"').to_string();
    let canon = match name.as_str() {
        "character varying" | "varchar" => "varchar",
        "character" | "char" | "bpchar" => "char",
        "integer" | "int" | "int4" => "int",
        "bigint" | "int8" => "bigint",
        "smallint" | "int2" => "smallint",
        "decimal" | "numeric" => "numeric",
        "timestamp with time zone" | "timestamptz" => "timestamptz",
        "timestamp without time zone" | "timestamp" => "timestamp",
        "time with time zone" | "timetz" => "timetz",
        "time without time zone" | "time" => "time",
        "bit varying" | "varbit" => "varbit",
        "double precision" | "float8" => "float8",
        "real" | "float4" => "float4",
        "boolean" | "bool" => "bool",
        other => other,
    };
    TypeSpec { name: canon.to_string(), params, array_dims }
}

fn num(p: Option<&String>) -> Option<u64> {
    p.and_then(|x| x.trim().parse().ok())
}

/// Whether changing a PostgreSQL column from `old` to `new` keeps the stored bytes (no rewrite).
pub fn pg_change_is_safe(old: &str, new: &str) -> bool {
    let (a, b) = (read(old), read(new));
    if a.array_dims != b.array_dims {
        return false;
    }
    if a == b {
        return true;
    }
    let (an, bn) = (a.name.as_str(), b.name.as_str());
    match (an, bn) {
        ("varchar", "varchar") | ("varbit", "varbit") => match (num(a.params.first()), num(b.params.first())) {
            (_, None) if b.params.is_empty() => true,
            (Some(x), Some(y)) => y >= x,
            _ => false,
        },
        ("varchar", "text") | ("text", "varchar") if b.params.is_empty() || an == "varchar" => bn == "text" || b.params.is_empty(),
        ("numeric", "numeric") => {
            if b.params.is_empty() {
                return true;
            }
            let (p1, s1) = (num(a.params.first()), num(a.params.get(1)).unwrap_or(0));
            let (p2, s2) = (num(b.params.first()), num(b.params.get(1)).unwrap_or(0));
            matches!((p1, p2), (Some(x), Some(y)) if y >= x) && s1 == s2
        }
        ("timestamp", "timestamp") | ("timestamptz", "timestamptz") | ("time", "time") | ("timetz", "timetz") | ("interval", "interval") => {
            match (num(a.params.first()), num(b.params.first())) {
                (_, None) => true,
                (Some(x), Some(y)) => y >= x,
                (None, Some(_)) => false,
            }
        }
        ("cidr", "inet") => true,
        _ => false,
    }
}

/// MySQL: a VARCHAR extension is in place while the length prefix stays 1 byte (< 256 bytes)
/// or stays 2 bytes; `bytes_per_char` is 4 for utf8mb4.
pub fn mysql_varchar_inplace(old: &str, new: &str, bytes_per_char: u64) -> bool {
    let (a, b) = (read(old), read(new));
    if a.name != "varchar" || b.name != "varchar" {
        return false;
    }
    match (num(a.params.first()), num(b.params.first())) {
        (Some(x), Some(y)) if y >= x => (x * bytes_per_char < 256) == (y * bytes_per_char < 256),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_widenings() {
        for (o, n) in [
            ("varchar(20)", "varchar(40)"),
            ("character varying(20)", "text"),
            ("varchar(20)", "varchar"),
            ("text", "varchar"),
            ("numeric(10,2)", "numeric(12, 2)"),
            ("numeric(10,2)", "numeric"),
            ("timestamp(3) with time zone", "timestamptz"),
            ("cidr", "inet"),
            ("int[]", "integer[]"),
        ] {
            assert!(pg_change_is_safe(o, n), "{o} -> {n}");
        }
        for (o, n) in [("int", "bigint"), ("varchar(40)", "varchar(20)"), ("text", "varchar(10)"), ("numeric(10,2)", "numeric(12,3)"), ("timestamp", "timestamptz"), ("int", "int[]"), ("uuid", "text")] {
            assert!(!pg_change_is_safe(o, n), "{o} -> {n}");
        }
        assert!(mysql_varchar_inplace("varchar(20)", "varchar(60)", 4));
        assert!(!mysql_varchar_inplace("varchar(20)", "varchar(100)", 4));
        assert!(mysql_varchar_inplace("varchar(100)", "varchar(1000)", 4));
    }
}
