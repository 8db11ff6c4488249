//! Interim writer (replaced by the byte-preserving one): writes the whole
//! front matter in canonical form when anything changed.

use serde_json::Value;

use crate::cms::fields::Field;

/// Why an edit cannot be written.
#[derive(Debug)]
pub(crate) struct PatchError(String);

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn to_json(old: &str) -> Result<Value, PatchError> {
    if old.trim().is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(old).map_err(|e| PatchError(e.to_string()))?;
    serde_json::to_value(yaml).map_err(|e| PatchError(e.to_string()))
}

pub(crate) fn apply(old: &str, new: &Value, _fields: &[Field]) -> Result<String, PatchError> {
    if to_json(old).ok().as_ref() == Some(new) {
        return Ok(old.to_string());
    }
    let yaml: serde_yaml::Value =
        serde_yaml::to_value(new).map_err(|e| PatchError(e.to_string()))?;
    crate::fmt::emit::document(&yaml).map_err(|e| PatchError(e.0))
}

pub(crate) fn frozen(_old: &str) -> Vec<String> {
    Vec::new()
}

pub(crate) fn field_at(text: &str, line: usize) -> Option<String> {
    text.lines()
        .take(line)
        .filter(|l| !l.starts_with([' ', '#', '-']) && l.contains(':'))
        .last()
        .and_then(|l| l.split(':').next())
        .map(str::to_string)
}
