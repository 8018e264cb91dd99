//! Helpers shared by the CLI's integration tests.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `schemaplay ARGS` with `input` on stdin, from the temp dir (so no `./schemaplay.toml` is
/// picked up); returns the exit code, stdout and stderr.
pub fn run(args: &[&str], input: &str) -> (i32, String, String) {
    run_in(&std::env::temp_dir(), args, input)
}

/// [`run`] from the directory `cwd` (relative paths and `./schemaplay.toml` are read there).
pub fn run_in(cwd: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_schemaplay"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The CLI may exit before reading stdin (usage errors, bad config): a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}
