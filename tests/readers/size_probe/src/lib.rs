//! Size probe: the engine's SQL, Prisma and DBML readers in a wasm module, with or without the
//! Drizzle and catalog readers (feature `readers_ts`).
use schemaplay_core::parse;
use schemaplay_core::Dialect;

fn text(ptr: *const u8, len: usize) -> &'static str {
    unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr, len)) }
}

#[no_mangle]
pub extern "C" fn read_kind(kind: u32, ptr: *const u8, len: usize) -> usize {
    let t = text(ptr, len);
    let p = match kind {
        1 => parse::prisma::read(t, Dialect::Postgres),
        2 => parse::dbml::read(t, Dialect::Postgres),
        #[cfg(feature = "readers_ts")]
        3 => parse::drizzle::read(t, Dialect::Postgres),
        #[cfg(feature = "readers_ts")]
        4 => parse::catalog::read(t, Dialect::Postgres),
        _ => parse::parse(t, Dialect::Postgres),
    };
    p.schema.tables.len() + p.diagnostics.len()
}
