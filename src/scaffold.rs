//! `hirepage new`: a content file with every field, ready to fill in.
//!
//! The file is a draft full of placeholders, with a short comment on each
//! field, that builds and passes `check` as it is: marketing starts from a
//! page that works and replaces text, instead of copying an old role and
//! forgetting a field. An existing file is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::CONFIG_FILE;
use crate::content::skills::{Aliases, SKILLS_DATA};
use crate::diagnostics::Diagnostic;
use crate::slug::slugify;

/// What `new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A role guide in `content/roles/`.
    Role,
    /// Skill page copy in `content/skills/`.
    Skill,
    /// A plain page in `content/pages/` (about, contact, terms).
    Page,
    /// A location in `content/locations/`.
    Location,
}

/// Why `new` wrote nothing.
#[derive(Debug)]
pub enum Refusal {
    /// The name cannot make a file name (a usage error).
    BadName(String),
    /// The site or the file system said no: the file exists, no site.yaml…
    Problem(Diagnostic),
}

/// What `new` wrote.
#[derive(Debug)]
pub struct Created {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// How the names in it were made, for the user to check (a role's
    /// title and singular, derived by English rules unless given).
    pub names: Option<String>,
}

/// Writes the new file under `root`. For a role, `singular` is the `role:`
/// noun ("Data Engineer"); without it, it is derived from `name` by English
/// plural rules, and [`Created::names`] says so.
pub fn create(
    root: &Path,
    kind: Kind,
    name: &str,
    singular: Option<&str>,
) -> Result<Created, Refusal> {
    let name = name.trim();
    if slugify(name).is_empty() {
        return Err(Refusal::BadName(format!(
            "`{name}` has no letters or digits to make a file name from"
        )));
    }
    if !root.join(CONFIG_FILE).is_file() {
        return Err(Refusal::Problem(
            Diagnostic::error(
                "not-a-site",
                CONFIG_FILE,
                format!("{} has no site.yaml", root.display()),
            )
            .with_hint("run hirepage new in the site's folder, or pass --root DIR"),
        ));
    }
    let (file, text, names) = match kind {
        Kind::Role => {
            let names = RoleNames::new(name, singular.map(str::trim));
            let said = names.describe(singular.is_some());
            (
                PathBuf::from(format!("content/roles/{}.md", names.slug)),
                role(&names, &today()),
                Some(said),
            )
        }
        Kind::Skill => {
            let aliases = skill_aliases(root);
            let canonical = aliases.canonical(name).to_string();
            (
                PathBuf::from(format!("content/skills/{}.md", aliases.key(name))),
                skill(&canonical),
                None,
            )
        }
        Kind::Page => (
            PathBuf::from(format!("content/pages/{}.md", slugify(name))),
            page(name, &slugify(name)),
            None,
        ),
        Kind::Location => (
            PathBuf::from(format!("content/locations/{}.md", slugify(name))),
            location(name, &slugify(name)),
            None,
        ),
    };
    write_new(root, &file, &text)?;
    Ok(Created { file, names })
}

/// Creates `file` with `text`, failing if it exists.
fn write_new(root: &Path, file: &Path, text: &str) -> Result<(), Refusal> {
    let path = root.join(file);
    let io_error = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error(
                "file-exists",
                file,
                "the file already exists; hirepage new never overwrites a file",
            )
            .with_hint("edit that file, or choose another name")
        } else {
            Diagnostic::error("io", file, format!("cannot write the file: {e}"))
        }
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Refusal::Problem(io_error(e)))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| Refusal::Problem(io_error(e)))
}

/// The site's skill aliases, so that `new skill Golang` writes `go.md`.
fn skill_aliases(root: &Path) -> Aliases {
    let file = Path::new("content/_data").join(format!("{SKILLS_DATA}.yaml"));
    if !root.join(&file).is_file() {
        return Aliases::default();
    }
    crate::content::data::load(root, &file)
        .ok()
        .and_then(|(stem, value)| Aliases::from_data(&[(stem, value)].into()).ok())
        .unwrap_or_default()
}

/// The names a role page needs, from what the user typed.
#[derive(Debug, PartialEq, Eq)]
struct RoleNames {
    /// "Data Engineers"
    plural: String,
    /// "Data Engineer"
    singular: String,
    /// "data-engineers"
    slug: String,
}

impl RoleNames {
    /// The names from what the user typed: `name` is the plural when
    /// `singular` is given; otherwise English rules decide which one
    /// `name` is and derive the other from its last word ("Data Engineers"
    /// -> "Data Engineer", "QA Analyst" -> "QA Analysts", "Technologies"
    /// -> "Technology"). Other languages need `singular` (issue 13: "Hire
    /// Desarrolladores en São Paulos").
    fn new(name: &str, singular: Option<&str>) -> Self {
        let (plural, singular) = match singular {
            Some(singular) => (name.to_string(), singular.to_string()),
            None => match english_singular(name) {
                Some(singular) => (name.to_string(), singular),
                None => (english_plural(name), name.to_string()),
            },
        };
        RoleNames {
            slug: slugify(name),
            plural,
            singular,
        }
    }

    /// What `new` prints about the names.
    fn describe(&self, given: bool) -> String {
        let names = format!("title \"Hire {}\", role \"{}\"", self.plural, self.singular);
        if given {
            format!("Names: {names} (the singular from --role).")
        } else {
            format!(
                "Names: {names}, derived with English plural rules; if they are wrong, \
                 run again with --role \"<singular>\" (then the name is taken as the plural) \
                 or edit the file."
            )
        }
    }
}

#[cfg(test)]
impl From<&str> for RoleNames {
    fn from(name: &str) -> Self {
        RoleNames::new(name, None)
    }
}

/// The singular of a name whose last word is an English plural.
fn english_singular(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    if !lower.ends_with('s') || ["ss", "us", "is"].iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    let cut = if lower.ends_with("ies") && lower.len() > 4 {
        return Some(format!("{}y", &name[..name.len() - 3]));
    } else if ["ches", "shes", "sses", "xes", "zes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        2
    } else {
        1
    };
    Some(name[..name.len() - cut].to_string())
}

/// The English plural of a name, from its last word.
fn english_plural(name: &str) -> String {
    let lower = name.to_lowercase();
    let before_y = lower.chars().rev().nth(1);
    if lower.ends_with('y') && before_y.is_some_and(|c| !"aeiou".contains(c)) {
        format!("{}ies", &name[..name.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{name}es")
    } else {
        format!("{name}s")
    }
}

/// One YAML scalar, quoted only when YAML needs it.
fn scalar(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// Front matter lines, with comments lined up where the values are short.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, code: &str, comment: &str) -> &mut Self {
        self.0.push_str(code);
        if !comment.is_empty() {
            let width = code.chars().count();
            let pad = if width < 40 { 40 - width } else { 2 };
            self.0.push_str(&" ".repeat(pad));
            self.0.push_str("# ");
            self.0.push_str(comment);
        }
        self.0.push('\n');
        self
    }

    fn field(&mut self, indent: &str, key: &str, value: &str, comment: &str) -> &mut Self {
        self.line(&format!("{indent}{key}: {}", scalar(value)), comment)
    }

    /// `hero:` for a page about `who` ("Data Engineers").
    fn hero(&mut self, who: &str) -> &mut Self {
        let button = "  # cta: {label: Talk to us, url: /contact/}";
        self.line("hero:", "")
            .field(
                "  ",
                "heading",
                &format!("Hire {who} from our vetted talent"),
                "default: the title",
            )
            .field(
                "  ",
                "subheading",
                &format!("Senior {who} in your time zone, ready to interview this week."),
                "",
            )
            .line(button, "the button; default: cta in site.yaml")
            .line(
                "  # image: /images/hero.jpg",
                "a picture beside the heading, under static/",
            )
            .line("  # image_alt: What the picture shows", "none: decoration")
    }

    /// `interview_questions:` and `faq:` with one placeholder each.
    fn questions(&mut self, who: &str) -> &mut Self {
        self.line("interview_questions:", "the first few show on the page")
            .field(
                "  - ",
                "question",
                &format!("Replace with a question you ask {who}?"),
                "",
            )
            .line("    answer: |", "Markdown")
            .line("      Replace with what a strong answer covers.", "")
            .line("faq:", "also FAQPage JSON-LD for search engines")
            .field(
                "  - ",
                "question",
                &format!("How fast can we hire {who}?"),
                "",
            )
            .field(
                "    ",
                "answer",
                "Replace with your answer, in Markdown.",
                "",
            )
    }
}

fn role(n: &RoleNames, today: &str) -> String {
    let (plural, singular, slug) = (&n.plural, &n.singular, &n.slug);
    let mut l = Lines::default();
    l.line("---", "")
        .line(
            &format!("# A role guide, published at /hire/{slug}/. Replace every placeholder,"),
            "",
        )
        .line(
            "# then run `hirepage check`. Fields marked required must stay.",
            "",
        )
        .field("", "title", &format!("Hire {plural}"), "required: <title> and H1, at most 60 characters")
        .field("", "role", singular, "required: one person in the job")
        .field(
            "",
            "description",
            &format!("Hire vetted {plural} who work your hours. Replace this with 50 to 160 characters for search results."),
            "required",
        )
        .field("", "slug", slug, "the URL: /hire/<slug>/")
        .line("draft: true", "set to false to publish")
        .line(&format!("date: {today}"), "YYYY-MM-DD")
        .line(&format!("# updated: {today}"), "last real change: the sitemap's lastmod")
        .line("# weight: 10", "order in lists: lower first, then by title")
        .line("# template: role.html", "another theme template for this page")
        .line("# aliases: [/hire/old-name/]", "old URLs of this page: each redirects here")
        .line("# og_image: /images/share.png", "shared with links instead of the social card")
        .hero(plural)
        .line("skills: [Python, SQL]", "required: each gets a page /hire/<skill>-developers/")
        .line("candidates:", "candidate cards")
        .field("  - ", "name", "Alex M.", "required")
        .field("    ", "title", &format!("Senior {singular}"), "required")
        .line("    # location: Mexico", "a location's name or file name (content/locations/)")
        .field("    ", "experience", "5-10 years", "")
        .field("    ", "badge", "Top company experience", "")
        .field("    ", "employment", "Full-time or contractor", "")
        .line("    highlights:", "")
        .line("      - Replace with something this person built", "")
        .line("      - One line each", "")
        .line("    skills: [Python, SQL]", "")
        .line("    # photo: /images/alex.jpg", "a file under static/")
        .questions(plural)
        .line("testimonial:", "")
        .field("  ", "quote", &format!("Replace with what a client said about your {plural}."), "required")
        .field("  ", "name", "Client Name", "required")
        .field("  ", "title", "CTO", "")
        .field("  ", "company", "Client Company", "")
        .line("  # photo: /images/client.jpg", "their portrait, under static/")
        .line("related: []", "slugs of other roles: [backend-developers]")
        .line("extra: {}", "free values for the theme")
        .line("---", "");
    l.0.push_str(&format!(
        "## What do {plural} do?\n\n\
         Replace with a short definition. The `##` headings of this guide form\n\
         the page's table of contents.\n\n\
         ## Why hire {plural}?\n\n\
         Replace with what they bring to a team.\n\n\
         ## What skills should {plural} have?\n\n\
         Replace with the skills and tools that matter, and why.\n"
    ));
    l.0
}

fn skill(name: &str) -> String {
    let mut l = Lines::default();
    l.line("---", "")
        .line(
            &format!("# Copy for the page of the skill {name}, which exists as long as a role or"),
            "",
        )
        .line(
            "# a candidate lists it. Replace every placeholder, then run `hirepage check`.",
            "",
        )
        .field("", "title", &format!("Hire {name} Developers"), "at most 60 characters")
        .field(
            "",
            "description",
            &format!("Hire vetted {name} developers who work your hours. Replace this with 50 to 160 characters."),
            "",
        )
        .line("draft: true", "set to false to publish this copy")
        .line("# weight: 10", "order in lists: lower first, then by name")
        .line("# aliases: []", "old URLs of this page: each redirects here")
        .line("# og_image: /images/share.png", "shared with links instead of the social card")
        .hero(&format!("{name} developers"))
        .questions(&format!("{name} developers"))
        .line("extra: {}", "free values for the theme")
        .line("---", "");
    l.0.push_str(&format!(
        "## Why hire {name} developers?\n\n\
         Replace with what {name} is good at and what these developers build with it.\n"
    ));
    l.0
}

fn page(title: &str, slug: &str) -> String {
    let mut l = Lines::default();
    l.line("---", "")
        .line(
            &format!("# A plain page, published at /{slug}/. Replace every placeholder,"),
            "",
        )
        .line("# then run `hirepage check`.", "")
        .field("", "title", title, "required: <title> and H1")
        .field(
            "",
            "description",
            &format!("Replace this with 50 to 160 characters that say what {title} is about."),
            "required",
        )
        .field("", "slug", slug, "the URL: /<slug>/")
        .line("draft: true", "set to false to publish")
        .line(
            "# template: page.html",
            "another theme template for this page",
        )
        .line(
            "# aliases: []",
            "old URLs of this page: each redirects here",
        )
        .line(
            "# og_image: /images/share.png",
            "shared with links instead of the social card",
        )
        .line("extra: {}", "free values for the theme")
        .line("---", "");
    l.0.push_str(&format!(
        "Replace with the text of {title}. Start sections with `##` headings.\n"
    ));
    l.0
}

fn location(name: &str, slug: &str) -> String {
    let mut l = Lines::default();
    l.line("---", "")
        .line(
            &format!("# A location, published at /hire/developers-in-{slug}/. Candidates"),
            "",
        )
        .line(
            &format!("# with `location: {name}` appear on it. Replace every placeholder, then"),
            "",
        )
        .line("# run `hirepage check`.", "")
        .field("", "name", name, "required: as candidates' `location` writes it")
        .field(
            "",
            "description",
            &format!("Hire vetted developers in {name} who work your hours. Replace this with 50 to 160 characters."),
            "required",
        )
        .field("", "title", &format!("Hire Developers in {name}"), "the default")
        .line("timezone: America/Mexico_City", "an IANA zone of the Americas")
        .line("facts:", "key figures")
        .line("  - {label: Talent pool, value: Replace with a figure}", "")
        .line("  - {label: Main hubs, value: Replace with the cities}", "")
        .line("draft: true", "set to false to publish")
        .line("# weight: 10", "order in lists: lower first, then by name")
        .line("# aliases: []", "old URLs of this page: each redirects here")
        .line("# og_image: /images/share.png", "shared with links instead of the social card")
        .line("hero:", "")
        .field("  ", "heading", &format!("Senior engineers from {name}"), "default: the title")
        .field(
            "  ",
            "subheading",
            &format!("Replace with why teams hire in {name}."),
            "",
        )
        .line("  # cta: {label: Talk to us, url: /contact/}", "the button; default: cta in site.yaml")
        .line("faq:", "also FAQPage JSON-LD for search engines")
        .field("  - ", "question", &format!("Why hire developers in {name}?"), "")
        .field("    ", "answer", "Replace with your answer, in Markdown.", "")
        .line("extra: {}", "free values for the theme")
        .line("---", "");
    l.0.push_str(&format!(
        "## Why hire developers in {name}?

         Replace with the copy of the hub page: the tech hubs, the universities,
         what your candidates there are good at. A role or a skill gets a page of
         its own in {name} once enough candidates live there
         (`location_pages.min_candidates` in site.yaml), or when
         content/locations/{slug}/<role-slug>.md gives it copy.
"
    ));
    l.0
}

/// The role file `new role "Data Engineers"` writes, for other modules' tests.
#[cfg(test)]
pub(crate) fn role_template_for_tests() -> String {
    role(&RoleNames::from("Data Engineers"), "2026-03-31")
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    civil_date(days as i64)
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{RoleFront, SkillFront};

    fn front(text: &str) -> &str {
        text.strip_prefix("---\n")
            .unwrap()
            .split("\n---\n")
            .next()
            .unwrap()
    }

    /// Every field of the contract is in `text`, set or commented out.
    fn has_every_field(text: &str, kind: crate::schema::Kind) {
        let schema = crate::schema::of(kind);
        for field in schema["properties"].as_object().unwrap().keys() {
            assert!(
                text.contains(&format!("\n{field}:")) || text.contains(&format!("\n# {field}:")),
                "{field} is missing from\n{text}"
            );
        }
    }

    #[test]
    fn role_names_come_from_the_plural() {
        let n = RoleNames::from("Data Engineers");
        assert_eq!(
            (n.plural.as_str(), n.singular.as_str(), n.slug.as_str()),
            ("Data Engineers", "Data Engineer", "data-engineers")
        );
        let n = RoleNames::from("Rust Developer");
        assert_eq!(
            (n.plural.as_str(), n.singular.as_str()),
            ("Rust Developers", "Rust Developer")
        );
        assert_eq!(
            RoleNames::from("Business Analysts").singular,
            "Business Analyst"
        );
        assert_eq!(
            RoleNames::from("Data Technologies").singular,
            "Data Technology"
        );
        assert_eq!(
            RoleNames::from("Tech Lead Coach").plural,
            "Tech Lead Coaches"
        );
        assert_eq!(
            RoleNames::from("Data Technology").plural,
            "Data Technologies"
        );
        let n = RoleNames::new(
            "Desarrolladores en São Paulo",
            Some("Desarrollador en São Paulo"),
        );
        assert_eq!(
            (n.plural.as_str(), n.singular.as_str(), n.slug.as_str()),
            (
                "Desarrolladores en São Paulo",
                "Desarrollador en São Paulo",
                "desarrolladores-en-sao-paulo"
            )
        );
    }

    #[test]
    fn the_role_file_parses_with_every_field() {
        let text = role(&RoleNames::from("Data Engineers"), "2026-03-31");
        let parsed: RoleFront = serde_yaml::from_str(front(&text)).unwrap();
        assert_eq!(parsed.title, "Hire Data Engineers");
        assert_eq!(parsed.role, "Data Engineer");
        assert_eq!(parsed.slug.as_deref(), Some("data-engineers"));
        assert!(parsed.draft);
        assert_eq!(parsed.date.unwrap().as_str(), "2026-03-31");
        has_every_field(&text, crate::schema::Kind::Role);
    }

    #[test]
    fn names_that_need_quotes_get_them() {
        let text = role(&RoleNames::from("C#: The Good Parts"), "2026-03-31");
        let parsed: RoleFront = serde_yaml::from_str(front(&text)).unwrap();
        assert_eq!(parsed.title, "Hire C#: The Good Parts");
    }

    #[test]
    fn the_skill_file_parses() {
        let text = skill("Node.js");
        let parsed: SkillFront = serde_yaml::from_str(front(&text)).unwrap();
        assert_eq!(parsed.title.as_deref(), Some("Hire Node.js Developers"));
        has_every_field(&text, crate::schema::Kind::Skill);
    }

    #[test]
    fn the_page_file_parses() {
        let text = page("Terms of Service", "terms-of-service");
        let parsed: crate::content::model::PageFront = serde_yaml::from_str(front(&text)).unwrap();
        assert_eq!(parsed.title, "Terms of Service");
        assert!(parsed.draft);
        has_every_field(&text, crate::schema::Kind::Page);
    }

    #[test]
    fn the_location_file_parses() {
        let text = location("Costa Rica", "costa-rica");
        let parsed: crate::content::model::LocationFront =
            serde_yaml::from_str(front(&text)).unwrap();
        assert_eq!(parsed.name, "Costa Rica");
        assert!(parsed.draft);
        assert!(crate::timezone::is_known(
            parsed.timezone.as_deref().unwrap()
        ));
        has_every_field(&text, crate::schema::Kind::Location);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(civil_date(20_543), "2026-03-31");
    }
}
