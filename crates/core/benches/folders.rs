//! Migration-folder time in process, per corpus folder of the 763-file set (civitai, trigger.dev,
//! documenso — the Prisma histories squawk's batch figure is measured on, see
//! `scripts/bench_folders.sh` for the whole-process comparison): reading the folder, the replay
//! alone, and replay + every migration checked against the schema before it on 1 and 2 threads.
//! `cargo bench -p schemaplay-core --bench folders` (QUICK=1 for a short run).

#[path = "../tests/common/mod.rs"]
mod common;

use schemaplay_core::migrate::folder::{self, ReadOptions, Selection};
use schemaplay_core::migrate::CheckOptions;
use std::path::Path;
use std::sync::Arc;


fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/migrations");
    let opts = CheckOptions::default();
    let mut total = [0.0f64; 4];
    let mut files_total = 0;
    println!("{:<30} {:>6} {:>10} {:>10} {:>14} {:>14}", "folder", "files", "read ms", "replay ms", "check all ms", "newest 1 ms");
    for name in ["civitai_prisma_postgres", "triggerdev_prisma_postgres", "documenso_prisma_postgres"] {
        let files = common::folder_files(&corpus.join(name), Some("sql"));
        let (t_read, _) = common::time(|| {
            let _ = folder::read(files.clone(), &ReadOptions::default());
        });
        let h = Arc::new(folder::read(files.clone(), &ReadOptions::default()));
        let n = h.migrations.len();
        let (t_replay, _) = common::time(|| {
            let _ = folder::schema_at(&h, n, None);
        });
        let (t1, _) = common::time(|| {
            let _ = folder::check(h.clone(), &Selection::All, &opts, None);
        });
        let (t2, _) = common::time(|| {
            let _ = folder::check(h.clone(), &Selection::Newest(1), &opts, None);
        });
        let empty = schemaplay_core::Schema::new(h.dialect);
        let (t_alone, _) = common::time(|| {
            for m in &h.migrations {
                let _ = schemaplay_core::migrate::check(&empty, &m.sql(), h.dialect, &opts);
            }
        });
        eprintln!("  {name}: each file alone against an empty schema: {:.1} ms", t_alone * 1e3);
        println!("{name:<30} {n:>6} {:>10.1} {:>10.1} {:>14.1} {:>14.1}", t_read * 1e3, t_replay * 1e3, t1 * 1e3, t2 * 1e3);
        for (acc, t) in total.iter_mut().zip([t_read, t_replay, t1, t2]) {
            *acc += t;
        }
        files_total += n;
    }
    println!(
        "{:<30} {files_total:>6} {:>10.1} {:>10.1} {:>14.1} {:>14.1}   ({:.0} files/s read, replayed and checked)",
        "all three",
        total[0] * 1e3,
        total[1] * 1e3,
        total[2] * 1e3,
        total[3] * 1e3,
        files_total as f64 / (total[0] + total[2]),
    );
}
