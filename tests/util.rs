//! Test helpers: a fresh temp folder per test and a runner for the real binary.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The repository root (for the bundled corpus).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary working folder; the index goes in `<dir>/idx` unless a test says otherwise.
pub struct TestDir {
    pub dir: TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn index(&self) -> PathBuf {
        self.path().join("idx")
    }

    /// Write a file (creating folders) and return its path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// The binary, run in this folder, with no inherited whosaid settings.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_whosaid"));
        c.current_dir(self.path()).env_remove("WHOSAID_INDEX").env_remove("NO_COLOR");
        c
    }

    /// Run with `--index <dir>/idx` appended.
    pub fn run(&self, args: &[&str]) -> Output {
        let idx = self.index();
        self.cmd().args(args).arg("--index").arg(&idx).output().expect("run whosaid")
    }

    /// Run, expect exit 0, parse stdout as one JSON value.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?} failed: {}", stderr(&out));
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stdout(&out)))
    }

    /// Ingest paths (relative to the folder) into the test index; returns the output.
    pub fn ingest(&self, paths: &[&str]) -> Output {
        let mut args = vec!["ingest", "--quiet"];
        args.extend_from_slice(paths);
        self.run(&args)
    }

    /// A new folder with `files` (paths relative to it) written and ingested into its index;
    /// the ingest must succeed.
    pub fn ingested(files: &[(&str, &str)]) -> TestDir {
        let t = TestDir::new();
        let mut roots: Vec<&str> = Vec::new();
        for (path, text) in files {
            t.write(path, text);
            let root = path.split('/').next().unwrap_or(path);
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
        let out = t.ingest(&roots);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        t
    }

    /// Copy the bundled corpus into this folder as `corpus/`.
    pub fn with_corpus(self) -> TestDir {
        let src = repo().join("corpus");
        for e in std::fs::read_dir(&src).unwrap() {
            let e = e.unwrap();
            let to = self.path().join("corpus").join(e.file_name());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(e.path(), to).unwrap();
        }
        self
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `text` of every hit of a `query --json` answer.
pub fn hit_texts(v: &Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["text"].as_str().unwrap().to_string()).collect()
}

/// The seed article's copper-mines paragraph starts with this.
pub const COPPER: &str = "“We own rich copper mines";
