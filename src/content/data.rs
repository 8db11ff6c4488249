//! `content/_data/*.yaml`: shared data for templates, such as the AI fluency
//! levels or the hiring steps. Each file becomes `data.<file stem>`.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, YamlSource};

/// Reads one data file, returning its stem and its value. The stem of a
/// translation (`skills.es.yaml`) is its original's (`skills`).
pub fn load(root: &Path, file: &Path) -> Result<(String, serde_yaml::Value), Diagnostic> {
    let text = crate::files::read_text(root, file)?;
    let original = super::translation::split_language(file).map(|(original, _)| original);
    let stem = original
        .as_deref()
        .unwrap_or(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    if !stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || stem.is_empty() {
        return Err(Diagnostic::error(
            "invalid-data-name",
            file,
            format!("`{stem}` cannot be used as a template name (`data.{stem}`)"),
        )
        .with_hint(format!(
            "rename the file with letters, digits and underscores only, such as `{}.yaml`",
            stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        )));
    }
    if text.trim().is_empty() {
        return Ok((stem, serde_yaml::Value::Null));
    }
    let value = yaml::parse(YamlSource {
        file,
        text: &text,
        first_line: 1,
        has_extra: false,
    })?;
    yaml::check_value_keys(file, "the data", &value)?;
    Ok((stem, value))
}
