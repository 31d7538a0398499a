//! PLACEHOLDER (being replaced by the analysis work): canonical names within an article.

use super::entities::Mention;
use super::tokens::Document;
use super::Entity;

/// Mentions grouped into entities under canonical names.
pub struct Resolved {
    entities: Vec<Entity>,
}

impl Resolved {
    /// The entities.
    pub fn into_entities(self) -> Vec<Entity> {
        self.entities
    }
}

/// Group mentions into entities.
pub fn resolve(doc: &Document, mentions: Vec<Mention>) -> Resolved {
    let mut entities: Vec<Entity> = Vec::new();
    for m in mentions {
        let name = doc.text[m.span.clone()].to_string();
        match entities.iter_mut().find(|e| e.name == name && e.kind == m.kind) {
            Some(e) => e.mentions.push(m.span),
            None => entities.push(Entity { name, kind: m.kind, mentions: vec![m.span] }),
        }
    }
    Resolved { entities }
}
