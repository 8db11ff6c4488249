//! The command line: one argument struct per subcommand, each with `run`.
//!
//! Exit codes: 0 on success, 1 when the site's content or theme has an
//! error, 2 on a usage error (clap's own parse errors use 2 as well).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostics::Diagnostics;
use crate::site::LoadOptions;
use crate::{BuildOptions, BuildReport};

/// hirepage: build recruiting landing pages from Markdown and YAML.
#[derive(Debug, Parser)]
#[command(name = "hirepage", version, about, propagate_version = true)]
pub struct Cli {
    /// The site folder (with site.yaml and content/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print more detail (a timing breakdown for build).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the whole site into public/ (or --output DIR).
    Build(BuildArgs),
    /// Preview the site with live reload.
    Serve(ServeArgs),
    /// Validate everything a build would and lint the content, without writing anything.
    Check(CheckArgs),
    /// Create a content file with every field: `new role "Data Engineers"`.
    New(NewArgs),
    /// Print the JSON Schema of the front matter, for editor autocompletion.
    Schema(SchemaArgs),
    /// Compare with a previous build's manifest.json: what to upload and delete.
    Diff(DiffArgs),
    /// Write a new site that builds, into DIR (new or empty) [default: --root].
    Init(InitArgs),
    /// Write the Git-based CMS's configuration (static/admin/) from the content model.
    Cms(CmsArgs),
    /// Rewrite content files in the canonical form the Git-based CMS writes.
    Fmt(FmtArgs),
}

/// `hirepage init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new site; it must not exist or be empty.
    pub dir: Option<PathBuf>,
}

/// `hirepage cms`
#[derive(Debug, Args)]
pub struct CmsArgs {}

/// `hirepage fmt`
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Write nothing; list the files that are not in canonical form and exit 1 if any.
    #[arg(long)]
    pub check: bool,
}

/// `hirepage build`
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder [default: <root>/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of base_url from site.yaml (preview deployments).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Replace the output folder even if it is not an earlier build (deletes
    /// everything in it).
    #[arg(long)]
    pub force: bool,
}

/// `hirepage serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (use 0.0.0.0 to share the preview on your network).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on; the next free one is used if it is taken (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site (`--open`) or the editor (`--open editor`) in the default browser.
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "site", value_name = "WHAT")]
    pub open: Option<OpenWhat>,
}

/// What `serve --open` opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OpenWhat {
    /// The home page of the site.
    Site,
    /// The editor, logged in.
    Editor,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable, grouped by file.
    Text,
    /// One JSON document, for CI annotations.
    Json,
}

/// `hirepage check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Fail (exit 1) on warnings too, not only on errors: for CI.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// What `new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A role guide in content/roles/.
    Role,
    /// A location in content/locations/ (a country or city).
    Location,
    /// Skill copy in content/skills/.
    Skill,
    /// A plain page in content/pages/.
    Page,
}

/// `hirepage new`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Role, skill, page or location.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its name: "Data Engineers", "Rust".
    pub name: String,
    /// For a role: the singular noun (`role:` in the file), such as
    /// "Desarrollador en São Paulo"; the name is then taken as the plural
    /// as typed. Without it, both are derived with English plural rules.
    #[arg(long, value_name = "SINGULAR")]
    pub role: Option<String>,
}

/// Whose front matter `schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// content/roles/*.md
    Role,
    /// content/skills/*.md
    Skill,
    /// content/pages/*.md
    Page,
    /// content/_index.md
    Home,
    /// content/locations/*.md
    Location,
    /// content/locations/*/*.md (copy for a role or skill in a location)
    Combination,
}

/// `hirepage schema`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print only this kind's schema [default: all kinds in one document, under `$defs`].
    #[arg(value_enum)]
    pub kind: Option<SchemaKind>,
}

/// `hirepage diff`
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The manifest.json of the previous (deployed) build.
    pub old_manifest: PathBuf,
    /// The folder of the new build, with its manifest.json [default: <root>/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// How to print the changes: `upload PATH` / `delete PATH` lines, or
    /// one JSON document with each file's size, hash, type and cache policy.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl Cli {
    /// Runs the command and returns the process exit code.
    pub fn run(self) -> ExitCode {
        let root = self.root.clone();
        match self.command {
            Command::Build(args) => args.run(root, self.verbose),
            Command::Check(args) => args.run(root),
            Command::Serve(args) => args.run(root),
            Command::New(args) => args.run(&root),
            Command::Schema(args) => args.run(),
            Command::Diff(args) => args.run(root),
            Command::Init(args) => args.run(root),
            Command::Cms(args) => args.run(&root),
            Command::Fmt(args) => args.run(&root),
        }
    }
}

/// Prints to stdout like `print!`. When the reader went away (`hirepage
/// schema | head -c 10`), the process ends quietly with exit 0, as `cat`
/// does, instead of panicking on the broken pipe (issue 13).
macro_rules! out {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

/// [`out!`] with a newline.
macro_rules! outln {
    ($($arg:tt)*) => { write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Prints to stderr like `eprintln!`, but a closed stderr is no panic.
macro_rules! errln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

fn write_stdout(text: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(text).and_then(|()| stdout.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// Exit code for a content or theme error.
pub const EXIT_CONTENT_ERROR: u8 = 1;
/// Exit code for a usage error.
pub const EXIT_USAGE: u8 = 2;

/// Prints diagnostics to stderr, the content lint's as one compact block.
fn report(diagnostics: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(crate::lint::compact_block(diagnostics).as_bytes());
}

impl BuildArgs {
    fn run(self, root: PathBuf, verbose: bool) -> ExitCode {
        if let Some(url) = &self.base_url
            && crate::config::parse_base_url(url).is_none()
        {
            errln!(
                "error: --base-url `{url}` is not an absolute http(s) URL, such as https://example.com/preview/"
            );
            return ExitCode::from(EXIT_USAGE);
        }
        let output = self.output.unwrap_or_else(|| root.join("public"));
        let options = BuildOptions {
            root,
            output: output.clone(),
            load: LoadOptions {
                drafts: self.drafts,
                base_url: self.base_url,
            },
            force: self.force,
        };
        if let Err(diagnostics) = crate::check_output_location(&options) {
            report(&diagnostics);
            return ExitCode::from(EXIT_USAGE);
        }
        // Said after a failure: "left unchanged" about a folder that never
        // existed would send the reader looking for it.
        let existed = output.exists();
        match crate::build(&options) {
            Ok(report_) => {
                report(&report_.warnings);
                outln!("{}", summary(&report_, &output));
                if verbose {
                    for (phase, time) in &report_.phases {
                        outln!("  {phase:<10} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                    }
                    let reuse = report_.reuse;
                    outln!(
                        "  reuse: {} files kept, {} linked, {} written",
                        reuse.kept,
                        reuse.linked,
                        reuse.written
                    );
                    let (encoded, cached) = report_.images;
                    outln!("  images: {encoded} encoded, {cached} from the cache");
                    let (drawn, cached) = report_.cards;
                    outln!("  cards: {drawn} drawn, {cached} from the cache");
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                report(&diagnostics);
                let outcome = if existed {
                    "was left unchanged"
                } else {
                    "did not exist and was not created"
                };
                errln!(
                    "error: build failed with {}; {} {outcome}",
                    diagnostics.summary(),
                    output.display()
                );
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

impl ServeArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let options = crate::serve::ServeOptions {
            root,
            bind: self.bind,
            port: self.port,
            open: self.open.map(|what| match what {
                OpenWhat::Site => crate::serve::Open::Site,
                OpenWhat::Editor => crate::serve::Open::Editor,
            }),
        };
        match crate::serve::run(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                errln!("error: {message}");
                ExitCode::from(EXIT_USAGE)
            }
        }
    }
}

impl DiffArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        use crate::output::manifest::{MANIFEST_FILE, Manifest};
        let output = self.output.unwrap_or_else(|| root.join("public"));
        let new_path = output.join(MANIFEST_FILE);
        if !new_path.is_file() {
            errln!(
                "error: {} does not exist\n  hint: run `hirepage build` first (with the same --output)",
                new_path.display()
            );
            return ExitCode::from(EXIT_USAGE);
        }
        let manifests = Manifest::read(&self.old_manifest)
            .and_then(|old| Ok((old, Manifest::read(&new_path)?)));
        let (old, new) = match manifests {
            Ok(pair) => pair,
            Err(message) => {
                errln!("error: {message}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        let diff = new.diff(&old);
        match self.format {
            Format::Text => {
                out!("{}", diff.to_text());
                errln!("{}", diff.summary());
            }
            Format::Json => outln!(
                "{}",
                serde_json::to_string_pretty(&diff).unwrap_or_default()
            ),
        }
        ExitCode::SUCCESS
    }
}

/// The one line `build` prints.
pub fn summary(report: &BuildReport, output: &std::path::Path) -> String {
    let p = &report.pages;
    let warnings = match report.warnings.warning_count() {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    };
    format!(
        "Built {} pages ({} roles, {} interview-question pages, {} skills, {} plain pages, {} location pages, {} other) \
         into {}: {} files, {:.1} KB in {} ms{warnings}",
        p.total(),
        p.roles,
        p.interview_questions,
        p.skills,
        p.pages,
        p.locations,
        p.other,
        output.display(),
        report.files,
        report.bytes as f64 / 1024.0,
        report.elapsed.as_millis(),
    )
}

impl CheckArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let options = BuildOptions {
            output: root.join("public"),
            root,
            load: LoadOptions {
                drafts: self.drafts,
                base_url: None,
            },
            force: false,
        };
        let crate::CheckReport {
            diagnostics,
            untranslated,
        } = crate::check_report(&options);
        let denied = self.deny_warnings && diagnostics.warning_count() > 0;
        let ok = !diagnostics.has_errors() && !denied;
        match self.format {
            Format::Text => {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(crate::lint::grouped_text(&diagnostics).as_bytes());
                if !diagnostics.is_empty() {
                    let _ = writeln!(err);
                }
                if !untranslated.is_empty() {
                    let counts: Vec<String> = untranslated
                        .iter()
                        .map(|(code, files)| format!("{code} {}", files.len()))
                        .collect();
                    outln!(
                        "Files without a translation: {} (`--format json` lists them).",
                        counts.join(", ")
                    );
                }
                if diagnostics.is_empty() {
                    outln!("No problems found.");
                } else if ok {
                    outln!("No errors found ({}).", diagnostics.summary());
                } else if diagnostics.has_errors() {
                    errln!("error: check found {}", diagnostics.summary());
                } else {
                    errln!(
                        "error: check found {} (--deny-warnings)",
                        diagnostics.summary()
                    );
                }
            }
            Format::Json => {
                let mut json = serde_json::json!({
                    "ok": ok,
                    "errors": diagnostics.error_count(),
                    "warnings": diagnostics.warning_count(),
                    "diagnostics": diagnostics,
                });
                // Only a site with languages has translations to report.
                if !untranslated.is_empty() {
                    json["untranslated"] = serde_json::json!(untranslated);
                }
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&json).unwrap_or_default()
                );
            }
        }
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_CONTENT_ERROR)
        }
    }
}

impl NewArgs {
    fn run(self, root: &std::path::Path) -> ExitCode {
        use crate::scaffold::{self, Refusal};
        let kind = match self.kind {
            NewKind::Role => scaffold::Kind::Role,
            NewKind::Skill => scaffold::Kind::Skill,
            NewKind::Page => scaffold::Kind::Page,
            NewKind::Location => scaffold::Kind::Location,
        };
        if self.role.is_some() && kind != scaffold::Kind::Role {
            errln!("error: --role names the singular of a role; a skill has no such name");
            return ExitCode::from(EXIT_USAGE);
        }
        match scaffold::create(root, kind, &self.name, self.role.as_deref()) {
            Ok(scaffold::Created { file, names }) => {
                let shown = if root == std::path::Path::new(".") {
                    file
                } else {
                    root.join(file)
                };
                outln!("Created {}", shown.display());
                if let Some(names) = names {
                    outln!("{names}");
                }
                outln!(
                    "It is a draft full of placeholders: replace them, set `draft: false`, \
                     and run `hirepage check --drafts`."
                );
                ExitCode::SUCCESS
            }
            Err(Refusal::BadName(message)) => {
                errln!("error: {message}");
                ExitCode::from(EXIT_USAGE)
            }
            Err(Refusal::Problem(diagnostic)) => {
                errln!("{diagnostic}");
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

impl InitArgs {
    fn run(self, root: PathBuf) -> ExitCode {
        let dir = self.dir.unwrap_or(root);
        match crate::starter::init(&dir) {
            Ok(files) => {
                for file in files {
                    println!("Created {}", file.display());
                }
                let cd = if dir == std::path::Path::new(".") {
                    String::new()
                } else {
                    format!("cd {} && ", dir.display())
                };
                println!(
                    "A new site with the built-in default theme. Preview it with live reload: \
                     {cd}hirepage serve --open"
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

impl SchemaArgs {
    fn run(self) -> ExitCode {
        use crate::schema::{self, Kind};
        let schema = match self.kind {
            None => schema::all(),
            Some(SchemaKind::Role) => schema::of(Kind::Role),
            Some(SchemaKind::Skill) => schema::of(Kind::Skill),
            Some(SchemaKind::Page) => schema::of(Kind::Page),
            Some(SchemaKind::Home) => schema::of(Kind::Home),
            Some(SchemaKind::Location) => schema::of(Kind::Location),
            Some(SchemaKind::Combination) => schema::of(Kind::Combination),
        };
        outln!(
            "{}",
            serde_json::to_string_pretty(&schema).unwrap_or_default()
        );
        ExitCode::SUCCESS
    }
}

impl CmsArgs {
    fn run(self, root: &std::path::Path) -> ExitCode {
        let written = crate::cms::generate(root).and_then(|files| {
            crate::cms::write(root, &files)?;
            Ok(files)
        });
        match written {
            Ok(files) => {
                for file in &files {
                    println!("Wrote {}", root.join(&file.path).display());
                }
                match crate::cms::keep_admin_names(root) {
                    Ok(true) => println!("Added `keep_names: [admin/]` to site.yaml"),
                    Ok(false) => {}
                    Err(d) => eprintln!("{d}"),
                }
                if !crate::cms::admin_keeps_its_names(root) {
                    eprintln!(
                        "warning: add `admin/` to `keep_names:` in site.yaml, or the build renames \
                         static/admin/sveltia-cms.js and /admin/ cannot load it"
                    );
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                report(&diagnostics);
                ExitCode::from(EXIT_CONTENT_ERROR)
            }
        }
    }
}

impl FmtArgs {
    fn run(self, root: &std::path::Path) -> ExitCode {
        let report_ = crate::fmt::run(root, !self.check);
        {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(crate::lint::grouped_text(&report_.diagnostics).as_bytes());
        }
        for file in &report_.changed {
            println!("{}", root.join(file).display());
        }
        let failed = report_.diagnostics.has_errors();
        match (self.check, report_.changed.len()) {
            (true, 0) if !failed => {
                eprintln!("All {} files are in canonical form.", report_.unchanged)
            }
            (true, n) => eprintln!(
                "error: {n} file{} not in canonical form; run `hirepage fmt`",
                if n == 1 { " is" } else { "s are" }
            ),
            (false, n) => eprintln!(
                "Formatted {n} files ({} already in canonical form).",
                report_.unchanged
            ),
        }
        if failed || (self.check && !report_.changed.is_empty()) {
            ExitCode::from(EXIT_CONTENT_ERROR)
        } else {
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
