//! Compiling the theme's templates with Tera, and turning Tera's errors into
//! [`Diagnostic`]s that name the template file, line and column.

use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;

/// Template suffixes rendered with HTML escaping on (which escapes for
/// XML too: a title with `<` or `&` cannot break a social card's SVG).
pub const AUTOESCAPE: [&str; 4] = [".html", ".htm", ".xml", ".svg"];

/// Compiles every template of `theme`, reporting all syntax errors at once.
///
/// Tera stops at the first broken template, so each template is first
/// parsed on its own (syntax only), then all of them together with the
/// functions and filters registered by `register` (inheritance, includes,
/// unknown filters and functions).
pub fn compile(theme: &Theme, register: impl FnOnce(&mut Tera)) -> Result<Tera, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    for (name, source) in theme.templates() {
        let mut alone = Tera::new();
        if let Err(err) = alone.add_raw_template(name, &source.text)
            && matches!(err.kind(), ErrorKind::SyntaxError(_))
        {
            diagnostics.extend(to_diagnostics(&err, theme));
        }
    }
    if !diagnostics.is_empty() {
        diagnostics.sort();
        return Err(diagnostics);
    }

    let mut tera = Tera::new();
    tera.autoescape_on(AUTOESCAPE);
    register(&mut tera);
    let sources = theme.templates().map(|(name, s)| (name, s.text.as_str()));
    tera.add_raw_templates(sources).map_err(|err| {
        let mut ds = Diagnostics::new();
        ds.extend(to_diagnostics(&err, theme));
        ds.sort();
        ds
    })?;
    Ok(tera)
}

/// One or more diagnostics from a Tera error.
pub fn to_diagnostics(err: &tera::Error, theme: &Theme) -> Vec<Diagnostic> {
    let file_of = |name: &str| -> PathBuf {
        theme
            .template(name)
            .map(|t| t.file.clone())
            .unwrap_or_else(|| Path::new("templates").join(name))
    };
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let code = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template-syntax"
            } else {
                "template-render"
            };
            let span = report.span();
            let mut d = Diagnostic::error(
                code,
                file_of(report.filename()),
                report.message().to_string(),
            )
            .at(span.start_line, span.start_col + 1);
            if let Some(hint) = hint_for(report.message()) {
                d = d.with_hint(hint);
            }
            vec![d]
        }
        ErrorKind::MissingParent { current, parent } => vec![
            Diagnostic::error(
                "template-missing",
                file_of(current),
                format!("extends `{parent}`, which does not exist"),
            )
            .with_hint(
                "check the name in {% extends \"…\" %}; it is relative to the templates folder",
            ),
        ],
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => vec![Diagnostic::error(
            "template-loop",
            file_of(tpl),
            format!(
                "templates extend each other in a loop: {}",
                inheritance_chain.join(" -> ")
            ),
        )],
        ErrorKind::CircularInclude { tpl, include_chain } => vec![Diagnostic::error(
            "template-loop",
            file_of(tpl),
            format!(
                "templates include each other in a loop: {}",
                include_chain.join(" -> ")
            ),
        )],
        ErrorKind::TemplateNotFound(name) => vec![
            Diagnostic::error(
                "template-missing",
                Path::new("templates").join(name),
                format!("the theme has no template `{name}`"),
            )
            .with_hint(format!(
                "create templates/{name}, or use a theme that has it (theme: in site.yaml)"
            )),
        ],
        _ => {
            let text = err.to_string();
            let parsed = parse_reports(&text, &file_of);
            if parsed.is_empty() {
                vec![Diagnostic::error("template", Path::new("templates"), text)]
            } else {
                parsed
            }
        }
    }
}

/// Tera joins several validation reports ("Unknown filter …") into one
/// message; each has an `error: …` line and a `--> name:line:col` line.
fn parse_reports(text: &str, file_of: &dyn Fn(&str) -> PathBuf) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = at.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse::<usize>().ok());
            let row = parts.next().and_then(|l| l.parse::<usize>().ok());
            let name = parts.next().unwrap_or(at);
            let mut d = Diagnostic::error("template-syntax", file_of(name), m.to_string());
            if let (Some(row), Some(column)) = (row, column) {
                d = d.at(row, column);
            }
            if let Some(hint) = hint_for(m) {
                d = d.with_hint(hint);
            }
            out.push(d);
            message = None;
        }
    }
    out
}

/// Hints for the template errors theme developers meet most.
fn hint_for(message: &str) -> Option<String> {
    if message.starts_with("Variable `") && message.contains("is not defined") {
        return Some(
            "templates see `site`, `page`, `roles`, `skills` and `data`; \
             test optional values with `{% if page.x %}` or use `| default(value=…)`"
                .into(),
        );
    }
    if message.starts_with("Field `") && message.contains("is not defined") {
        return Some(
            "the README lists the fields of each page kind; optional fields are `none` \
             when absent, so test them with `{% if … %}`"
                .into(),
        );
    }
    if message == "Unknown tag" || message.starts_with("Unexpected") {
        return Some(
            "check that every {% if %} has its {% endif %}, every {% for %} its {% endfor %} \
             and every {% block %} its {% endblock %}, and that tags are spelled right"
                .into(),
        );
    }
    if message.starts_with("Unknown filter") || message.starts_with("Unknown function") {
        return Some(
            "hirepage adds url(path=…), asset(path=…), skill_url(name=…) and the filters \
             markdown, slugify and json to Tera's built-ins"
                .into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_joined_validation_reports() {
        let text = "error: Unknown filter `nope`\n --> role.html:3:7\n  |\n3 | {{ x | nope }}\n  |        ^^^^\n\nerror: Unknown function `zz`\n --> base.html:10:4\n";
        let ds = parse_reports(text, &|n| PathBuf::from(format!("themes/t/templates/{n}")));
        assert_eq!(ds.len(), 2);
        assert_eq!(ds[0].location(), "themes/t/templates/role.html:3:7");
        assert_eq!(ds[0].message, "Unknown filter `nope`");
        assert_eq!(ds[1].location(), "themes/t/templates/base.html:10:4");
    }
}
