//! Problems found in the user's input, and how they are shown.
//!
//! Every error and warning hirepage reports is a [`Diagnostic`]: the file it is
//! in (relative to the site root), the line and column where known, what is
//! wrong and how to fix it. Loading and rendering collect them into
//! [`Diagnostics`] instead of stopping at the first one, so a build lists every
//! broken file at once. The same values are printed as text in the terminal,
//! as JSON by `check --format json`, and shown in the preview overlay.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built until this is fixed.
    Error,
    /// The site builds, but something is probably wrong.
    Warning,
}

/// One problem in the user's input: where it is, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, machine-readable name for the kind of problem (`unknown-field`).
    pub code: &'static str,
    /// The file, relative to the site root, with `/` separators.
    pub file: PathBuf,
    /// 1-based line, counted in the whole file.
    pub line: Option<u32>,
    /// 1-based column, in characters.
    pub column: Option<u32>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Every code of an error or warning that loading, rendering and writing
/// the site report, with what it means: the table of the README. The
/// content lint's codes are in [`crate::lint::RULES`].
pub const CODES: &[(&str, &str)] = &[
    (
        "changed-while-building",
        "a content file changed between loading it and rendering its page: build again",
    ),
    (
        "cms-drift",
        "`static/admin/config.yml` no longer matches the content model",
    ),
    (
        "cms-script-renamed",
        "the build would fingerprint the CMS script, which `index.html` loads by name",
    ),
    (
        "fmt-changes-meaning",
        "`hirepage fmt` would change what a file means: the file is left alone",
    ),
    (
        "fmt-dropped-comment",
        "a comment inside a nested value that the canonical form drops (warning)",
    ),
    (
        "fmt-unsupported",
        "YAML that `hirepage fmt` cannot write in canonical form (anchors, tags…)",
    ),
    (
        "invalid-cms-config",
        "a `static/admin/config.yml` that cannot be read",
    ),
    (
        "missing-cms-settings",
        "`hirepage cms` without `cms: {repo, branch}` in `site.yaml`",
    ),
    ("duplicate-key", "a key written twice in one YAML mapping"),
    (
        "unknown-language",
        "a language code that is not one, or a translation in a language `site.yaml` does not list",
    ),
    (
        "orphan-translation",
        "a translation (`x.es.md`) without the original it translates (`x.md`)",
    ),
    (
        "missing-translation",
        "a theme string that a language's `i18n/<lang>.yaml` lacks (warning)",
    ),
    (
        "invalid-i18n",
        "an `i18n/<lang>.yaml` that is not a map of strings, or a `t()` key no language has",
    ),
    (
        "external-image",
        "a photo or image on another site, which the CSP blocks (warning)",
    ),
    (
        "file-too-large",
        "a content, data or config file over the size limit",
    ),
    (
        "invalid-key",
        "a YAML key that is not text (a list, a map…)",
    ),
    (
        "output-not-a-build",
        "an output folder that holds files but no earlier build",
    ),
    (
        "same-skill-slug",
        "two skill spellings that share a slug and no alias (warning)",
    ),
    (
        "unsafe-url",
        "a URL whose scheme is not http, https, mailto or tel (a warning in Markdown)",
    ),
    ("yaml-too-deep", "YAML nested deeper than the limit"),
    (
        "yaml-too-many-aliases",
        "YAML aliases that repeat more than the limit",
    ),
    (
        "binary-file",
        "a content, data or template file that is not text",
    ),
    (
        "duplicate-url",
        "two sources (files, slugs, static files, aliases, redirects) for one URL",
    ),
    ("empty-file", "an empty content file or `site.yaml`"),
    ("empty-front-matter", "nothing between the `---` lines"),
    ("file-exists", "`hirepage new` would overwrite a file"),
    (
        "file-name-slug",
        "a file name that is not a clean URL segment (warning)",
    ),
    (
        "ignored-file",
        "a file under `content/` that is no page (warning)",
    ),
    ("import-cycle", "style sheets that import each other"),
    (
        "invalid-data-name",
        "a `_data` file whose name cannot be a template variable",
    ),
    (
        "invalid-output",
        "an output folder that would replace the site's own files",
    ),
    (
        "invalid-skill",
        "a skill name with nothing to make a URL from",
    ),
    (
        "invalid-slug",
        "a `slug:` (or file name) that cannot be used in a URL",
    ),
    (
        "invalid-value",
        "a value of the right type that is not allowed (a date, a URL…)",
    ),
    ("io", "a file or folder that cannot be read or written"),
    (
        "missing-asset",
        "a style sheet that names a file that does not exist",
    ),
    ("missing-content", "no `content/` folder"),
    ("missing-field", "a required front matter field is missing"),
    (
        "missing-front-matter",
        "a content file that does not start with `---`",
    ),
    ("missing-image", "an image or photo that does not exist"),
    (
        "invalid-image",
        "an image content names that is damaged, truncated, of another type or too large",
    ),
    ("missing-theme-config", "a theme without `theme.yaml`"),
    (
        "invalid-card",
        "a social card template that does not give well-formed SVG",
    ),
    (
        "missing-font",
        "a social card template with no font in the theme's `fonts/`",
    ),
    (
        "broken-link",
        "a link to a page or file the site does not have",
    ),
    ("not-a-site", "a folder without `site.yaml`"),
    (
        "not-minified",
        "a page the minifier could not read, published as rendered (warning)",
    ),
    ("not-utf8", "a text file that is not UTF-8"),
    ("output-not-a-folder", "an output path that is a file"),
    (
        "read-only-value",
        "an edit in the browser editor to a value written with YAML anchors, aliases or tags (edit it in a text editor)",
    ),
    (
        "related-draft",
        "a related role that is a draft, left out (warning)",
    ),
    (
        "symlink-loop",
        "a symbolic link that leads back to its own folder",
    ),
    ("template", "a template problem Tera gives no position for"),
    (
        "template-loop",
        "templates that include or extend each other",
    ),
    (
        "template-missing",
        "a template that a page or another template needs does not exist",
    ),
    (
        "template-render",
        "a template that fails while rendering (an unknown variable…)",
    ),
    ("template-syntax", "a template that does not parse"),
    (
        "unclosed-front-matter",
        "front matter opened with `---` and never closed",
    ),
    (
        "unknown-field",
        "a front matter or `site.yaml` key the model does not have",
    ),
    (
        "unknown-keep-name",
        "a `keep_names` entry that matches no static file (warning)",
    ),
    (
        "unknown-location",
        "a candidate's `location` (or a folder of combination copy) that names no location file",
    ),
    (
        "unknown-combination",
        "combination copy whose file name is neither a role's slug nor `<skill>-developers`",
    ),
    (
        "unknown-timezone",
        "a location's `timezone` that is not an IANA zone of the Americas",
    ),
    ("duplicate-location", "two location files with one name"),
    (
        "invalid-redirect",
        "an alias or `redirects` entry that is not a path of the site",
    ),
    (
        "broken-redirect",
        "a redirect to a URL the site does not have",
    ),
    (
        "redirect-chain",
        "a redirect to a URL that redirects again (or back)",
    ),
    ("unknown-related", "a `related` slug that is no role"),
    (
        "unknown-template",
        "a `template:` that the theme does not have",
    ),
    (
        "unknown-theme",
        "a `theme:` that is neither in `themes/` nor built in",
    ),
    (
        "unused-skill-copy",
        "skill copy for a skill no role or candidate lists (warning)",
    ),
    ("wrong-type", "a value of the wrong type (text for a list…)"),
    (
        "yaml-syntax",
        "front matter, a data file or `site.yaml` that is not valid YAML",
    ),
];

/// Whether `code` is listed in [`CODES`] or is a lint code.
fn is_known(code: &str) -> bool {
    CODES.iter().any(|(c, _)| *c == code) || crate::lint::is_lint(code)
}

impl Diagnostic {
    /// An error in `file`, with no position yet.
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        debug_assert!(
            is_known(code),
            "bug: diagnostic code `{code}` is not in CODES"
        );
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning in `file`, with no position yet.
    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(clamp_u32(line));
        self.column = Some(clamp_u32(column));
        self
    }

    /// Sets the 1-based line only.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(clamp_u32(line));
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `path:line:column` prefix that editors and terminals turn into links.
    pub fn location(&self) -> String {
        let file = display_path(&self.file);
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
            (Some(line), None) => format!("{file}:{line}"),
            _ => file,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {severity}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            for (i, line) in hint.lines().enumerate() {
                let lead = if i == 0 { "  hint: " } else { "        " };
                write!(f, "\n{lead}{line}")?;
            }
        }
        Ok(())
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A path as shown to the user: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every problem found so far, errors and warnings alike.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No problems.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Records several problems.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All problems, in the order [`Diagnostics::sort`] left them.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Keeps only the problems for which `keep` returns true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.0.retain(keep);
    }

    /// Sorts by file, then position, then message, and drops exact repeats.
    ///
    /// A template error is found once per page rendered with that template;
    /// the user needs to read it once.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup();
    }

    /// `Ok(self)` when there is no error (warnings may remain), `Err(self)` otherwise.
    pub fn into_result(self) -> Result<Diagnostics, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }

    /// The problems as one text block, grouped by file, for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        out
    }

    /// A one-line count such as "2 errors and 1 warning in 2 files".
    pub fn summary(&self) -> String {
        let errors = self.error_count();
        let warnings = self.warning_count();
        let mut files: Vec<&PathBuf> = self.0.iter().map(|d| &d.file).collect();
        files.sort();
        files.dedup();
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let what = match (errors, warnings) {
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        };
        format!("{what} in {}", plural(files.len(), "file"))
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The 1-based line and column of byte `offset` in `text`.
///
/// Columns count characters, not bytes, so that `é` is one column wide, as
/// in editors.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, for many [`line_col`] lookups in one file.
///
/// `line_col` counts from the start of the text each time: fine once, but
/// quadratic for the dozens of links and headings of a long guide.
///
/// Columns come from the byte offset minus the extra bytes of the non-ASCII
/// characters before it, so that a lookup costs the same on a line of
/// 1 MB (issue 13: 140,000 links on one line took minutes to report).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Each non-ASCII character: its offset, and the bytes beyond one per
    /// character of it and all before it.
    wide: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut extra = 0;
        let wide = text
            .char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, c)| {
                extra += c.len_utf8() - 1;
                (i, extra)
            })
            .collect();
        LineIndex { text, starts, wide }
    }

    /// The 1-based line and column of byte `offset`, as [`line_col`] gives.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let extra = self.extra_bytes_before(offset) - self.extra_bytes_before(start);
        (line, offset - start - extra + 1)
    }

    fn extra_bytes_before(&self, offset: usize) -> usize {
        match self.wide.partition_point(|&(i, _)| i < offset) {
            0 => 0,
            n => self.wide[n - 1].1,
        }
    }

    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// Where a value of the file (a slug, a URL) stands in `text`: the first
/// occurrence that is a whole word of its own (between spaces, quotes,
/// brackets or commas, as in `related: [x]`, `- x` or `](x)`), else the first
/// occurrence. A related slug `data-engineers` is then found in its list, not
/// inside an earlier link to `/hire/data-engineers/`.
pub fn find_value(text: &str, needle: &str) -> Option<usize> {
    let stands_alone = |&i: &usize| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        before.is_none_or(|c| c.is_whitespace() || "[,\"'({".contains(c))
            && after.is_none_or(|c| c.is_whitespace() || ",]\"')}".contains(c))
    };
    let mut all = text.match_indices(needle).map(|(i, _)| i);
    let first = all.next()?;
    if stands_alone(&first) {
        return Some(first);
    }
    all.find(stands_alone).or(Some(first))
}

/// Line and column of the value of the top-level `key:` in `text` (its
/// first character after the colon, or the colon's next column when the
/// value is on the lines below), for errors about that value (issue 13:
/// a slug error pointed at the `title:` line).
pub(crate) fn key_value_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && let Some(after) = rest.trim_start_matches(' ').strip_prefix(':')
        {
            let colon = offset + line.len() - after.len();
            let value = after.len() - after.trim_start_matches([' ', '\t']).len();
            let at_end = after[value..].trim_end().is_empty();
            let i = if at_end { colon } else { colon + value };
            return Some(line_col(text, i));
        }
        offset += line.len();
    }
    None
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest of `candidates` to `word`, if one is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let score = strsim::normalized_damerau_levenshtein(&word_lower, &c.to_lowercase());
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_line_col() {
        let text = "ab\ncdé\nfg日本語h\n\nxé";
        let index = LineIndex::new(text);
        for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(index.line_col(offset), line_col(text, offset), "{offset}");
        }
    }

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\ncdé\nfg";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "é" is two bytes but one column.
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 8), (3, 1));
        // Offsets inside a character or past the end do not panic.
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 99), (3, 3));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\ncdé\nfg\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..text.len() + 3 {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn values_are_found_where_they_stand_alone() {
        let text = "description: see /hire/data-engineers/\nrelated:\n  - data-engineers\n";
        assert_eq!(
            find_value(text, "data-engineers"),
            text.rfind("data-engineers")
        );
        let text = "related: [big-data-engineers, data-engineers]";
        assert_eq!(
            find_value(text, "data-engineers"),
            text.rfind("data-engineers")
        );
        // A link in Markdown, between parentheses.
        assert_eq!(find_value("[a](/x/) [b](/x)", "/x"), Some(13));
        // No whole-word occurrence: the first one.
        assert_eq!(find_value("a /hire/x/ b", "hire"), Some(3));
        assert_eq!(find_value("abc", "zz"), None);
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let fields = ["title", "skills", "role", "description"];
        assert_eq!(did_you_mean("skils", fields), Some("skills"));
        assert_eq!(did_you_mean("Titel", fields), Some("title"));
        assert_eq!(did_you_mean("zzzz", fields), None);
        let urls = ["/hire/go-developers/", "/hire/backend-developers/"];
        assert_eq!(did_you_mean("/hire/data-engineers/", urls), None);
        assert_eq!(
            did_you_mean("/hire/backend-developer/", urls),
            Some("/hire/backend-developers/")
        );
    }

    #[test]
    fn diagnostic_prints_editor_links_and_hints() {
        let d = Diagnostic::error(
            "unknown-field",
            "content/roles/a.md",
            "unknown field `skils`",
        )
        .at(7, 3)
        .with_hint("did you mean `skills`?");
        assert_eq!(
            d.to_string(),
            "content/roles/a.md:7:3: error: unknown field `skils`\n  hint: did you mean `skills`?"
        );
    }

    #[test]
    fn codes_are_listed_once_and_sorted_apart_from_lint_codes() {
        for (i, (code, _)) in CODES.iter().enumerate() {
            assert!(!crate::lint::is_lint(code), "{code} is a lint code too");
            assert!(
                CODES[i + 1..].iter().all(|(c, _)| c != code),
                "{code} is listed twice"
            );
        }
    }

    #[test]
    fn sort_removes_repeats() {
        let mut ds = Diagnostics::new();
        let d = Diagnostic::error("io", "b", "m").at(1, 1);
        ds.push(d.clone());
        ds.push(Diagnostic::error("io", "a", "m"));
        ds.push(d);
        ds.sort();
        let files: Vec<_> = ds.iter().map(|d| d.location()).collect();
        assert_eq!(files, ["a", "b:1:1"]);
    }
}
