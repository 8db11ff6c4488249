//! Theme strings: every text the theme prints, in each language (issue 17).
//!
//! `themes/<theme>/i18n/<code>.yaml` maps keys to text; a site's own
//! `i18n/<code>.yaml` replaces the keys it sets. A value is text, or a map
//! of plural forms (`one`, `other`) chosen by `n`. Text may name
//! placeholders in braces, `{n}` and any other argument given to `t()`.
//! A key that a language lacks falls back to the default language's text
//! (the page is never left without it) and `check` reports it
//! ([`Strings::missing`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, key_value_position};
use crate::theme::Theme;
use crate::yaml::{self, YamlSource};

/// The folder of theme strings, in a theme and at the site root.
pub const I18N_DIR: &str = "i18n";

/// One string: plain text, or plural forms.
#[derive(Debug, Clone, PartialEq)]
enum Message {
    Text(String),
    Plural { one: Option<String>, other: String },
}

/// The theme strings of every language of a site.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    default: String,
    /// Language -> key -> message.
    by_language: BTreeMap<String, BTreeMap<String, Message>>,
    /// Language -> the file a missing key belongs in.
    files: BTreeMap<String, PathBuf>,
}

impl Strings {
    /// Reads the strings of `languages` (the default first) from the
    /// theme's layers.
    pub fn load(theme: &Theme, languages: &[&str]) -> Result<Strings, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let mut strings = Strings {
            default: languages.first().copied().unwrap_or("en").to_string(),
            ..Strings::default()
        };
        for &code in languages {
            let mut messages = BTreeMap::new();
            let layers = theme.i18n(code);
            let file = layers.first().map_or_else(
                || Path::new(I18N_DIR).join(format!("{code}.yaml")),
                |l| l.file.clone(),
            );
            for layer in layers {
                match parse(&layer.file, &layer.text) {
                    Ok(map) => messages.extend(map),
                    Err(d) => diagnostics.push(d),
                }
            }
            strings.files.insert(code.to_string(), file);
            strings.by_language.insert(code.to_string(), messages);
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(strings)
    }

    /// The text of `key` in language `code` for the count `n`, with
    /// `{placeholders}` filled from `args`; the default language's text
    /// when `code` lacks it, `None` when no language has it.
    pub fn text(
        &self,
        code: &str,
        key: &str,
        n: Option<i64>,
        args: &[(&str, String)],
    ) -> Option<String> {
        let message = self
            .by_language
            .get(code)
            .and_then(|m| m.get(key))
            .or_else(|| self.by_language.get(&self.default)?.get(key))?;
        let template = match message {
            Message::Text(text) => text.as_str(),
            Message::Plural { one, other } => match (n, one) {
                (Some(1), Some(one)) => one.as_str(),
                _ => other.as_str(),
            },
        };
        let mut out = template.to_string();
        if let Some(n) = n {
            out = out.replace("{n}", &n.to_string());
        }
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Some(out)
    }

    /// [`Strings::text`] for strings the theme is sure to have; the key
    /// itself when no language has it (a theme that lacks it is told by
    /// [`Strings::missing`]).
    pub fn get(&self, code: &str, key: &str, args: &[(&str, String)]) -> String {
        self.text(code, key, None, args)
            .unwrap_or_else(|| key.to_string())
    }

    /// [`Strings::get`] with a count.
    pub fn count(&self, code: &str, key: &str, n: usize) -> String {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        self.text(code, key, Some(n), &[])
            .unwrap_or_else(|| key.to_string())
    }

    /// `missing-translation` warnings: each key of the default language
    /// that another language lacks, at the file it belongs in.
    pub fn missing(&self) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        let Some(default) = self.by_language.get(&self.default) else {
            return diagnostics;
        };
        for (code, messages) in &self.by_language {
            if *code == self.default {
                continue;
            }
            let file = &self.files[code];
            for key in default.keys().filter(|k| !messages.contains_key(*k)) {
                diagnostics.push(
                    Diagnostic::warning(
                        "missing-translation",
                        file,
                        format!(
                            "`{key}` has no `{code}` text; pages in `{code}` show the `{}` one",
                            self.default
                        ),
                    )
                    .with_hint(format!(
                        "add `{key}: …` to {} (or to the site's own i18n/{code}.yaml)",
                        file.display()
                    )),
                );
            }
        }
        diagnostics
    }

    /// Every language's messages, to tell whether a key exists anywhere.
    pub fn has_key(&self, key: &str) -> bool {
        self.by_language.values().any(|m| m.contains_key(key))
    }
}

/// The messages of one i18n file.
fn parse(file: &Path, text: &str) -> Result<BTreeMap<String, Message>, Diagnostic> {
    let value: Value = if text.trim().is_empty() {
        Value::Null
    } else {
        yaml::parse(YamlSource {
            file,
            text,
            first_line: 1,
            has_extra: false,
        })?
    };
    let mut messages = BTreeMap::new();
    let map = match value {
        Value::Null => return Ok(messages),
        Value::Mapping(map) => map,
        _ => {
            return Err(invalid(
                file,
                text,
                None,
                "the file must be a map of keys to text",
            ));
        }
    };
    for (key, value) in map {
        let Some(key) = key.as_str().map(str::to_string) else {
            return Err(invalid(file, text, None, "every key must be text"));
        };
        let message = match value {
            Value::String(s) => Message::Text(s),
            Value::Mapping(forms) => {
                let form = |name: &str| forms.get(name).and_then(Value::as_str).map(str::to_string);
                let known = forms
                    .keys()
                    .all(|k| matches!(k.as_str(), Some("one" | "other")));
                match form("other") {
                    Some(other) if known => Message::Plural {
                        one: form("one"),
                        other,
                    },
                    _ => {
                        return Err(invalid(
                            file,
                            text,
                            Some(&key),
                            &format!("`{key}` must be text, or plural forms `one` and `other`"),
                        ));
                    }
                }
            }
            Value::Number(n) => Message::Text(n.to_string()),
            _ => {
                return Err(invalid(
                    file,
                    text,
                    Some(&key),
                    &format!("`{key}` must be text"),
                ));
            }
        };
        messages.insert(key, message);
    }
    Ok(messages)
}

fn invalid(file: &Path, text: &str, key: Option<&str>, message: &str) -> Diagnostic {
    let (line, column) = key
        .and_then(|k| key_value_position(text, k))
        .unwrap_or((1, 1));
    Diagnostic::error("invalid-i18n", file, message)
        .at(line, column)
        .with_hint(
            "write `key: text`, or `key: {one: \"1 role\", other: \"{n} roles\"}` for a count",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(default: &str, es: &str) -> Strings {
        let mut s = Strings {
            default: "en".into(),
            ..Strings::default()
        };
        s.by_language
            .insert("en".into(), parse(Path::new("en.yaml"), default).unwrap());
        s.by_language
            .insert("es".into(), parse(Path::new("es.yaml"), es).unwrap());
        s.files
            .insert("es".into(), "themes/default/i18n/es.yaml".into());
        s
    }

    #[test]
    fn plurals_choose_by_count_and_fill_placeholders() {
        let s = strings(
            "roles: {one: \"1 role\", other: \"{n} roles\"}\nhello: Hello {name}\n",
            "roles: {one: \"1 puesto\", other: \"{n} puestos\"}\n",
        );
        assert_eq!(s.text("es", "roles", Some(1), &[]).unwrap(), "1 puesto");
        assert_eq!(s.text("es", "roles", Some(3), &[]).unwrap(), "3 puestos");
        assert_eq!(s.text("es", "roles", Some(0), &[]).unwrap(), "0 puestos");
        assert_eq!(
            s.text("es", "hello", None, &[("name", "Ana".into())])
                .unwrap(),
            "Hello Ana",
            "a missing key falls back to the default language"
        );
        assert_eq!(s.text("es", "nope", None, &[]), None);
        let missing = s.missing();
        assert_eq!(missing.iter().count(), 1);
        let d = missing.iter().next().unwrap();
        assert_eq!(d.code, "missing-translation");
        assert!(d.message.contains("`hello`"), "{}", d.message);
    }

    #[test]
    fn malformed_strings_are_errors_at_their_key() {
        let e = parse(Path::new("x.yaml"), "a: ok\nb: [1, 2]\n").unwrap_err();
        assert_eq!(e.code, "invalid-i18n");
        assert_eq!(e.line, Some(2));
        assert!(parse(Path::new("x.yaml"), "c: {few: x}\n").is_err());
        assert!(parse(Path::new("x.yaml"), "- a\n").is_err());
    }
}
