//! JSON (one article or an array of them) and JSON Lines (one article a line).
//!
//! Fields: `id`/`_id` (string or number), `title`, `text`/`body`/`content`,
//! `date`, `source`, `url`, `author`. A field of the wrong type is an error
//! naming the field; a JSONL line that fails is rejected alone.

use serde_json::{Map, Value};

/// The fields of one JSON article, before it becomes an [`super::Article`].
#[derive(Debug, Default)]
pub struct JsonArticle {
    /// `id` or `_id`.
    pub id: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `text`, `body` or `content`.
    pub text: String,
    /// `date`, unparsed.
    pub date: Option<String>,
    /// `source`.
    pub source: Option<String>,
    /// `url`.
    pub url: Option<String>,
    /// `author`.
    pub author: Option<String>,
}

/// Parse a `.json` file's text: one article object or an array of them.
pub fn parse_document(s: &str) -> Result<Vec<Result<JsonArticle, String>>, String> {
    let v: Value = serde_json::from_str(s).map_err(|e| format!("invalid JSON: {e}"))?;
    match v {
        Value::Array(items) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, v)| from_value(v).map_err(|e| format!("item {i}: {e}")))
            .collect()),
        v @ Value::Object(_) => Ok(vec![from_value(v)]),
        other => {
            Err(format!("expected an article object or an array, found {}", type_name(&other)))
        }
    }
}

/// Parse one JSON Lines line. The caller names the file's line; serde's own "at line 1
/// column 7" would name a second, different line number, so only the column is kept.
pub fn parse_line(line: &str) -> Result<JsonArticle, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| {
        let text = e.to_string();
        let at = format!(" at line {} column {}", e.line(), e.column());
        match text.strip_suffix(&at) {
            Some(what) if e.column() > 0 => format!("invalid JSON: {what} (column {})", e.column()),
            Some(what) => format!("invalid JSON: {what}"),
            None => format!("invalid JSON: {text}"),
        }
    })?;
    from_value(v)
}

fn from_value(v: Value) -> Result<JsonArticle, String> {
    let Value::Object(mut m) = v else {
        return Err(format!("expected an article object, found {}", type_name(&v)));
    };
    let id = match m.remove("id").or_else(|| m.remove("_id")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(format!(
                "field \"id\" must be a string or number, found {}",
                type_name(&other)
            ));
        }
    };
    let mut text = None;
    for key in ["text", "body", "content"] {
        if let Some(t) = string_field(&mut m, key)? {
            text = Some(t);
            break;
        }
    }
    let Some(text) = text else {
        return Err("no \"text\", \"body\" or \"content\" field".into());
    };
    Ok(JsonArticle {
        id,
        title: string_field(&mut m, "title")?,
        text,
        date: string_field(&mut m, "date")?,
        source: string_field(&mut m, "source")?,
        url: string_field(&mut m, "url")?,
        author: match m.remove("author") {
            Some(Value::Array(a)) => {
                let names: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                (!names.is_empty()).then(|| names.join(", "))
            }
            Some(v) => string_value("author", v)?,
            None => None,
        },
    })
}

fn string_field(m: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match m.remove(key) {
        None => Ok(None),
        Some(v) => string_value(key, v),
    }
}

fn string_value(key: &str, v: Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(format!("field \"{key}\" must be a string, found {}", type_name(&other))),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_aliases() {
        let a =
            parse_line(r#"{"_id": 7, "title": "T", "body": "B", "author": ["A", "C"]}"#).unwrap();
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.text, "B");
        assert_eq!(a.author.as_deref(), Some("A, C"));
    }

    #[test]
    fn wrong_types_are_named() {
        let e = parse_line(r#"{"id": "x", "text": 5}"#).unwrap_err();
        assert!(e.contains("\"text\" must be a string"), "{e}");
        assert!(parse_line("[1,2]").unwrap_err().contains("an array"));
        assert_eq!(
            parse_line("{\"title\": ").unwrap_err(),
            "invalid JSON: EOF while parsing a value (column 10)"
        );
        assert!(parse_line("{\"title\": \"no text\"}").unwrap_err().contains("no \"text\""));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse_document(&deep).is_err());
    }
}
