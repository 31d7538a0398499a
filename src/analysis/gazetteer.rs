//! PLACEHOLDER (being replaced by the analysis work): gazetteers.
