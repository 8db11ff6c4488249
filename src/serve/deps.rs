//! What each page template depends on: other templates, and the lists
//! every page shares (`roles`, `skills`).
//!
//! The preview uses this to re-render only the pages a change can reach:
//! editing `partials/hero.html` re-renders the pages whose template
//! includes it; a role whose title changed re-renders the pages whose
//! template reads `roles`.

use std::collections::{BTreeMap, BTreeSet};

use tera::Tera;

use crate::theme::Theme;

/// The dependencies of the page templates of one theme.
#[derive(Debug, Clone, Default)]
pub struct Dependencies {
    /// Page template -> every template it is made of (itself, the ones it
    /// extends and includes, transitively).
    templates: BTreeMap<String, BTreeSet<String>>,
    /// Page templates that read the `roles` list.
    roles: BTreeSet<String>,
    /// Page templates that read the `skills` list.
    skills: BTreeSet<String>,
    /// Templates that define components: any template may call a
    /// component by name, so every page depends on them.
    components: BTreeSet<String>,
    /// A component reads the caller's variables (`@name` parameters), so
    /// any page may read `roles` or `skills` through it.
    implicit: bool,
}

impl Dependencies {
    /// Analyses the templates of `theme` as compiled in `tera`.
    pub fn of(theme: &Theme, tera: &Tera) -> Dependencies {
        let direct: BTreeMap<&str, Vec<&str>> = theme
            .templates()
            .map(|(name, source)| (name, references(&source.text)))
            .collect();
        let defines = |text: &str| text.contains("{% component") || text.contains("{%- component");
        let components: BTreeSet<String> = theme
            .templates()
            .filter(|(_, source)| defines(&source.text))
            .map(|(name, _)| name.to_string())
            .collect();
        let implicit = theme
            .templates()
            .any(|(_, source)| defines(&source.text) && source.text.contains('@'));
        let mut deps = Dependencies {
            components,
            implicit,
            ..Dependencies::default()
        };
        for name in direct.keys() {
            let mut seen = BTreeSet::new();
            let mut stack = vec![*name];
            while let Some(current) = stack.pop() {
                if seen.insert(current.to_string())
                    && let Some(refs) = direct.get(current)
                {
                    stack.extend(refs.iter().copied());
                }
            }
            deps.templates.insert(name.to_string(), seen);
            if let Ok(vars) = tera.get_template_variables(name) {
                if vars.contains("roles") {
                    deps.roles.insert(name.to_string());
                }
                if vars.contains("skills") {
                    deps.skills.insert(name.to_string());
                }
            }
        }
        deps
    }

    /// Whether a page rendered with `template` can change when one of
    /// `changed` templates changes.
    pub fn uses_template(&self, template: &str, changed: &BTreeSet<String>) -> bool {
        changed.iter().any(|c| self.components.contains(c))
            || self
                .templates
                .get(template)
                .is_none_or(|parts| parts.iter().any(|p| changed.contains(p)))
    }

    /// Whether `template` reads the `roles` list.
    pub fn uses_roles(&self, template: &str) -> bool {
        self.implicit || self.roles.contains(template) || !self.templates.contains_key(template)
    }

    /// Whether `template` reads the `skills` list.
    pub fn uses_skills(&self, template: &str) -> bool {
        self.implicit || self.skills.contains(template) || !self.templates.contains_key(template)
    }
}

/// The templates named by `{% extends "…" %}` and `{% include "…" %}`.
pub fn references(source: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        rest = &rest[start + 2..];
        let tag = rest.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let Some(args) = tag
            .strip_prefix("extends")
            .or_else(|| tag.strip_prefix("include"))
        else {
            continue;
        };
        let args = args.trim_start();
        let Some(quote) = args.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = args[1..].find(quote) {
            found.push(&args[1..1 + end]);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_extends_and_includes() {
        let source = "{% extends \"base.html\" %}{% block main %}{%- include 'partials/hero.html' -%}\
                      {% if x %}{% include \"partials/a.html\" %}{% endif %}{% endblock main %}";
        assert_eq!(
            references(source),
            ["base.html", "partials/hero.html", "partials/a.html"]
        );
        assert!(references("{{ extends }} {% set include = 1 %}").is_empty());
    }
}
