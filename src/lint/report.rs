//! How findings are printed: in full and grouped by file for `check`, as a
//! compact block under the other messages for `build`.

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::is_lint;

/// `path:line:col: severity: message [code]`, then the hint: one
/// diagnostic as `check` prints it.
fn with_code(d: &Diagnostic) -> String {
    let text = d.to_string();
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let mut out = format!("{first} [{}]\n", d.code);
    if !rest.is_empty() {
        out.push_str(rest);
        out.push('\n');
    }
    out
}

/// Every finding with its code and hint, files separated by a blank line:
/// what `check` prints.
pub fn grouped_text(diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    let mut previous = None;
    for d in diagnostics.iter() {
        if previous.is_some_and(|file| file != &d.file) {
            out.push('\n');
        }
        previous = Some(&d.file);
        out.push_str(&with_code(d));
    }
    out
}

/// What `build` prints: other messages in full, then the lint's findings
/// as one line each under a heading, since `check` is where they are
/// explained.
pub fn compact_block(diagnostics: &Diagnostics) -> String {
    let (lint, other): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().partition(|d| is_lint(d.code));
    let mut out = String::new();
    for d in other {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    if lint.is_empty() {
        return out;
    }
    let count = match lint.len() {
        1 => "1 thing".to_string(),
        n => format!("{n} things"),
    };
    out.push_str(&format!(
        "warning: the content lint found {count} to improve (`hirepage check` explains each):\n"
    ));
    for d in lint {
        out.push_str(&format!("  {}: {} [{}]\n", d.location(), d.message, d.code));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostics {
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::warning("long-title", "content/roles/a.md", "the title is long")
                .at(2, 8)
                .with_hint("shorten it"),
        );
        ds.push(Diagnostic::warning("missing-alt", "content/roles/a.md", "no alt").at(9, 1));
        ds.push(
            Diagnostic::warning("ignored-file", "content/roles/b.txt", "ignored")
                .with_hint("move it"),
        );
        ds.sort();
        ds
    }

    #[test]
    fn check_groups_by_file_with_codes_and_hints() {
        assert_eq!(
            grouped_text(&sample()),
            "content/roles/a.md:2:8: warning: the title is long [long-title]\n  hint: shorten it\n\
             content/roles/a.md:9:1: warning: no alt [missing-alt]\n\
             \n\
             content/roles/b.txt: warning: ignored [ignored-file]\n  hint: move it\n"
        );
    }

    #[test]
    fn build_prints_lint_findings_compactly_after_the_rest() {
        assert_eq!(
            compact_block(&sample()),
            "content/roles/b.txt: warning: ignored\n  hint: move it\n\
             warning: the content lint found 2 things to improve (`hirepage check` explains each):\n  \
             content/roles/a.md:2:8: the title is long [long-title]\n  \
             content/roles/a.md:9:1: no alt [missing-alt]\n"
        );
    }
}
