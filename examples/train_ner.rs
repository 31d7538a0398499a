//! Trainer for the named-entity tagger in `src/analysis/tagger.rs`: reads silver-labelled JSON Lines
//! (from `scripts/ner/silver.py`), tokenises with the engine's own tokenizer, and trains a greedy
//! averaged perceptron over the tagger's own feature function, so training and serving share every
//! line of feature code.
//!
//! ```text
//! cargo run --release --example train_ner -- /tmp/silver/*.jsonl --out src/analysis/model/ner.bin
//!     [--epochs 6] [--bits 17] [--seed 7] [--dev-fraction 0.02]
//! ```

use std::collections::HashMap;
use std::io::BufRead;
use std::ops::Range;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use whosaid::analysis::Kind;
use whosaid::analysis::tagger::{self, CLASSES, Model, N_FEATURES, Obs};
use whosaid::analysis::tokens::{Token, split_sentences, tokenize_into};

/// One training sentence: observations and gold classes.
struct Sentence {
    obs: Vec<Obs>,
    gold: Vec<usize>,
}

/// Deterministic xorshift generator (no dependency, same shuffle on every machine).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

struct Args {
    inputs: Vec<String>,
    out: String,
    epochs: usize,
    bits: u32,
    seed: u64,
    dev_fraction: f64,
}

fn parse_args() -> Result<Args> {
    let mut a = Args {
        inputs: vec![],
        out: String::new(),
        epochs: 6,
        bits: 17,
        seed: 7,
        dev_fraction: 0.02,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut val = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match x.as_str() {
            "--out" => a.out = val("--out")?,
            "--epochs" => a.epochs = val("--epochs")?.parse()?,
            "--bits" => a.bits = val("--bits")?.parse()?,
            "--seed" => a.seed = val("--seed")?.parse()?,
            "--dev-fraction" => a.dev_fraction = val("--dev-fraction")?.parse()?,
            _ if x.starts_with("--") => bail!("unknown option {x}"),
            _ => a.inputs.push(x),
        }
    }
    if a.inputs.is_empty() || a.out.is_empty() {
        bail!(
            "usage: train_ner SILVER.jsonl... --out MODEL.bin [--epochs N] [--bits B] [--seed S]"
        );
    }
    Ok(a)
}

/// Read one silver JSON line into sentences with gold BILOU classes.
fn load_text(line: &str, out: &mut Vec<Sentence>) -> Result<()> {
    let v: serde_json::Value = serde_json::from_str(line)?;
    let text = v["text"].as_str().context("no text")?;
    // Silver offsets are characters; tokens are bytes.
    let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_of.push(text.len());
    let mut ents: Vec<(Range<usize>, usize)> = Vec::new();
    for e in v["entities"].as_array().into_iter().flatten() {
        let (Some(s), Some(en), Some(k)) =
            (e["start"].as_u64(), e["end"].as_u64(), e["kind"].as_str())
        else {
            continue;
        };
        let (Some(&s), Some(&en)) = (byte_of.get(s as usize), byte_of.get(en as usize)) else {
            continue;
        };
        let Some(kind) = Kind::parse(k) else { continue };
        let k = Kind::ALL.iter().position(|x| *x == kind).unwrap_or(0);
        ents.push((s..en, k));
    }
    ents.sort_by_key(|e| e.0.start);

    // Paragraphs are lines, as in the article readers; the headline is a line of its own.
    let mut tokens: Vec<Token> = Vec::new();
    let mut sentences: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    for l in text.split('\n') {
        if !l.trim().is_empty() {
            let first = tokens.len();
            tokenize_into(text, pos..pos + l.len(), &mut tokens);
            split_sentences(text, &tokens, first..tokens.len(), &mut sentences);
        }
        pos += l.len() + 1;
    }

    // Entity id per token: a token belongs to a span when its middle lies inside it.
    let mut eid: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut j = 0;
    for (ti, t) in tokens.iter().enumerate() {
        let mid = (t.start + t.end) / 2;
        while j < ents.len() && ents[j].0.end <= mid {
            j += 1;
        }
        if j < ents.len() && ents[j].0.start <= mid {
            eid[ti] = Some(j);
        }
    }
    let mut all = Vec::new();
    tagger::observe_all(text, &tokens, &mut all);
    for s in sentences {
        let obs: Vec<Obs> = all[s.clone()].to_vec();
        let ids = &eid[s.clone()];
        let mut gold = vec![0; ids.len()];
        // Runs of one entity id inside the sentence become B I* L or U, so a span cut by a
        // sentence boundary still yields valid tags.
        let mut i = 0;
        while i < ids.len() {
            let Some(id) = ids[i] else {
                i += 1;
                continue;
            };
            let mut e = i + 1;
            while e < ids.len() && ids[e] == Some(id) {
                e += 1;
            }
            let k = ents[id].1;
            if e - i == 1 {
                gold[i] = tagger::class(k, 3);
            } else {
                gold[i] = tagger::class(k, 0);
                for g in &mut gold[i + 1..e - 1] {
                    *g = tagger::class(k, 1);
                }
                gold[e - 1] = tagger::class(k, 2);
            }
            i = e;
        }
        out.push(Sentence { obs, gold });
    }
    Ok(())
}

/// Float weights with lazy averaging: `avg = w - u / c`.
struct Trainer {
    bits: u32,
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
}

impl Trainer {
    fn scores(&self, feats: &[u64; N_FEATURES], s: &mut [i32; CLASSES]) {
        let mut f = [0f32; CLASSES];
        for &h in feats {
            let r = Model::row(self.bits, h) * CLASSES;
            for (a, &w) in f.iter_mut().zip(&self.w[r..r + CLASSES]) {
                *a += w;
            }
        }
        // best_class works on integers; the perceptron's weights are whole numbers during training.
        for (d, x) in s.iter_mut().zip(f) {
            *d = x as i32;
        }
    }

    fn update(&mut self, feats: &[u64; N_FEATURES], gold: usize, pred: usize) {
        for &h in feats {
            let r = Model::row(self.bits, h) * CLASSES;
            self.w[r + gold] += 1.0;
            self.u[r + gold] += self.c;
            self.w[r + pred] -= 1.0;
            self.u[r + pred] -= self.c;
        }
    }

    /// One greedy pass over a sentence, predicting with the model's own previous tags.
    fn train(&mut self, s: &Sentence) -> (usize, usize) {
        let mut feats = [0u64; N_FEATURES];
        let (mut prev, mut prev2) = (0, 0);
        let mut right = 0;
        for i in 0..s.obs.len() {
            self.c += 1.0;
            tagger::features(&s.obs, i, prev, prev2, &mut feats);
            let mut sc = [0i32; CLASSES];
            self.scores(&feats, &mut sc);
            let pred = tagger::best_class(&sc, prev, i + 1 == s.obs.len());
            let gold = s.gold[i];
            if pred == gold {
                right += 1;
            } else if tagger::allowed(prev, gold) {
                // Learn from the model's own history (as it will decode), but only where the gold
                // class is still reachable from it.
                self.update(&feats, gold, pred);
            }
            prev2 = prev;
            prev = pred;
        }
        (right, s.obs.len())
    }

    fn averaged(&self) -> Vec<f32> {
        self.w.iter().zip(&self.u).map(|(&w, &u)| (w as f64 - u / self.c) as f32).collect()
    }
}

/// Span-level precision, recall and F1 of `model` against the gold classes of `dev`.
fn evaluate(model: &Model, dev: &[Sentence]) -> (f64, f64, f64) {
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    let mut tags = Vec::new();
    for s in dev {
        model.decode(&s.obs, &mut tags);
        let (mut p, mut g) = (vec![], vec![]);
        tagger::spans(&tags, 0, &mut p);
        tagger::spans(&s.gold, 0, &mut g);
        np += p.len();
        ng += g.len();
        tp += p.iter().filter(|x| g.contains(x)).count();
    }
    let pr = tp as f64 / np.max(1) as f64;
    let rc = tp as f64 / ng.max(1) as f64;
    (pr, rc, if pr + rc > 0.0 { 2.0 * pr * rc / (pr + rc) } else { 0.0 })
}

fn main() -> Result<()> {
    let a = parse_args()?;
    let t0 = Instant::now();
    let mut sents = Vec::new();
    for path in &a.inputs {
        let f = std::fs::File::open(path).with_context(|| format!("open {path}"))?;
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            load_text(&line, &mut sents).with_context(|| format!("{path}:{}", n + 1))?;
        }
    }
    let tokens: usize = sents.iter().map(|s| s.obs.len()).sum();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for s in &sents {
        for &g in &s.gold {
            *counts.entry(g).or_default() += 1;
        }
    }
    eprintln!(
        "{} sentences, {tokens} tokens loaded in {:.1}s",
        sents.len(),
        t0.elapsed().as_secs_f64()
    );

    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    rng.shuffle(&mut sents);
    let n_dev = (sents.len() as f64 * a.dev_fraction) as usize;
    let dev = sents.split_off(sents.len() - n_dev);

    let size = (1usize << a.bits) * CLASSES;
    let mut tr = Trainer { bits: a.bits, w: vec![0.0; size], u: vec![0.0; size], c: 1.0 };
    for epoch in 1..=a.epochs {
        let t = Instant::now();
        rng.shuffle(&mut sents);
        let (mut right, mut total) = (0, 0);
        for s in &sents {
            let (r, n) = tr.train(s);
            right += r;
            total += n;
        }
        let model = Model::quantise(a.bits, &tr.averaged());
        let (p, r, f) = evaluate(&model, &dev);
        eprintln!(
            "epoch {epoch}: train token acc {:.4}, silver dev span P {p:.3} R {r:.3} F1 {f:.3} ({:.1}s)",
            right as f64 / total.max(1) as f64,
            t.elapsed().as_secs_f64()
        );
    }
    let model = Model::quantise(a.bits, &tr.averaged());
    let bytes = model.to_bytes();
    std::fs::write(&a.out, &bytes).with_context(|| format!("write {}", a.out))?;
    // The lexicons the features were computed with, beside the model (a test compares them).
    let sidecar = std::path::Path::new(&a.out).with_extension("lexicons");
    std::fs::write(&sidecar, whosaid::analysis::tagger::lexicons_record())
        .with_context(|| format!("write {}", sidecar.display()))?;
    eprintln!(
        "wrote {} ({} bytes) in {:.1}s total",
        a.out,
        bytes.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
