//! How well the text supports a quote's speaker: a score in [0, 1] built from the evidence.
//!
//! The score reads as the chance that the speaker is right, taken as a product of two
//! independent steps, each scored by how often that kind of evidence goes wrong:
//! - **the attribution** (is this the source phrase of this quote?): a listed speech verb next
//!   to a direct quote is the strongest sign; reported speech is weaker, because both its span
//!   and its source come from the sentence's shape; a colon, a signature, a verb missing from
//!   the lexicon or a speaker carried over from the quote before are weaker still;
//! - **the resolution** (who is that source?): a full name names its speaker; a single word
//!   (a surname, an organisation) is right as often as the article's names are; a pronoun is
//!   right less often the further back its antecedent is and the more people could fit it; a
//!   role noun ("the chancellor") resolved to the person the article gave that role is weaker.
//!
//! A quote without a speaker scores 0. The factors are round figures in the order the evidence
//! warrants, not fitted to any data set; the facet threshold ([`FACET_THRESHOLD`]) was chosen on
//! PolNeAR dev (see its doc).

/// How a quote was tied to its source phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CueKind {
    /// A speech verb from the lexicon next to the quote ("said", "told", "according to").
    Verb,
    /// A colon sentence or a name before a colon ("X: “…”", "Cruz called them on it: “…”").
    Colon,
    /// A signature paragraph under the quote ("- Bernie Sanders.").
    Signature,
    /// A verb missing from the lexicon after a quote that announces its attribution
    /// (`“…,” Trump shot back`).
    Unlisted,
    /// No cue: the speaker of the quote just before, carried over.
    Carried,
}

/// What the source phrase is and how it was resolved to a speaker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Resolution {
    /// A name of two words or more in the source phrase ("Gordon Brown").
    FullName,
    /// A one-word name ("Brown", "Umbro") resolved to its entity.
    ShortName,
    /// A pronoun resolved to an antecedent `sentences` sentences back, with `rivals` other
    /// people of a compatible gender in between.
    Pronoun { sentences: usize, rivals: usize },
    /// A role noun ("the chancellor") resolved to the person the article gave that role.
    Role,
}

/// The evidence for one quote's speaker.
#[derive(Clone, Copy, Debug)]
pub(super) struct Evidence {
    /// In quotation marks.
    pub direct: bool,
    /// How the quote met its source.
    pub cue: CueKind,
    /// How the source met its speaker (`None`: no speaker).
    pub resolution: Option<Resolution>,
}

/// Paragraph speaker facets take a quote's speaker only when its confidence is at least this.
///
/// Chosen on PolNeAR dev with `scripts/confidence_threshold.py`: for each candidate threshold
/// (0.05 steps) only the quotes at or above it are kept and scored (source right / kept, source
/// right / gold); the threshold is the highest whose F0.5 (precision weighted over recall: a wrong
/// speaker costs more than a missing one) is within 0.005 of the best. Measured: F0.5 0.653 for
/// every threshold up to 0.45, 0.652 at 0.50, 0.650 at 0.55, 0.646 at 0.60, 0.518 at 0.80.
pub const FACET_THRESHOLD: f32 = 0.55;

/// The confidence of a quote's speaker, in [0, 1].
pub(super) fn score(e: Evidence) -> f32 {
    let Some(resolution) = e.resolution else { return 0.0 };
    let attribution = match (e.cue, e.direct) {
        (CueKind::Verb, true) => 0.97,
        (CueKind::Verb, false) => 0.88,
        (CueKind::Colon, _) => 0.85,
        (CueKind::Signature, _) => 0.85,
        (CueKind::Unlisted, _) => 0.75,
        (CueKind::Carried, _) => 0.8,
    };
    let resolution = match resolution {
        Resolution::FullName => 0.98,
        Resolution::ShortName => 0.9,
        Resolution::Pronoun { sentences, rivals } => {
            // The nearest antecedent in the same or the previous sentence is usually right; each
            // sentence further back and each other person who would fit cost some of that.
            let distance = 0.93f32.powi(sentences.saturating_sub(1).min(8) as i32);
            let ambiguity = 0.8f32.powi(rivals.min(6) as i32);
            0.9 * distance * ambiguity
        }
        Resolution::Role => 0.65,
    };
    (attribution * resolution).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(direct: bool, cue: CueKind, resolution: Option<Resolution>) -> f32 {
        score(Evidence { direct, cue, resolution })
    }

    #[test]
    fn stronger_evidence_scores_higher() {
        let full = Some(Resolution::FullName);
        assert_eq!(s(true, CueKind::Verb, None), 0.0);
        assert!(s(true, CueKind::Verb, full) > s(false, CueKind::Verb, full));
        assert!(s(true, CueKind::Verb, full) > s(true, CueKind::Verb, Some(Resolution::ShortName)));
        let near = Some(Resolution::Pronoun { sentences: 0, rivals: 0 });
        let far = Some(Resolution::Pronoun { sentences: 4, rivals: 0 });
        let crowded = Some(Resolution::Pronoun { sentences: 0, rivals: 2 });
        assert!(s(true, CueKind::Verb, near) > s(true, CueKind::Verb, far));
        assert!(s(true, CueKind::Verb, near) > s(true, CueKind::Verb, crowded));
        assert!(s(true, CueKind::Verb, Some(Resolution::Role)) < s(true, CueKind::Verb, near));
        for cue in
            [CueKind::Verb, CueKind::Colon, CueKind::Signature, CueKind::Unlisted, CueKind::Carried]
        {
            for r in [full, near, far, crowded, Some(Resolution::Role)] {
                let c = s(false, cue, r);
                assert!((0.0..=1.0).contains(&c));
            }
        }
    }
}
